import * as path from 'node:path';
import { z } from 'zod';
import { ENTITY_TYPES, type EntityType } from '../domain/entity';
import { parseSapSystems, type SapSystems } from '../domain/sap-system';
import { parseApiKeys, type ApiKey } from './api-keys';
import { loadSapServices, siblingService, type SapService } from './sap-services';
import { loadDomains } from './domain-views';
import type { ConsumerDomain } from './domains';
import { booleanFlag, parseOrThrow } from './env';
import { readSetting, topicSettingName, type SettingName } from './settings';
import { loadStackConfig, type StackConfig } from './stack-config';

export const LOCAL_ACCOUNT_ID = '123456789012';

/** `auto`: readable lines in a terminal, JSON (one object per line) when the output is a file or a pipe. */
export const logFormats = ['auto', 'pretty', 'json'] as const;
export type LogFormat = (typeof logFormats)[number];

/** Payload encryption keys: given inline, or in a file. */
/**
 * Where the payload encryption keys come from. `generate`: the embedded stack's own key ring, made with a
 * random key the first time a process needs it.
 */
export type CodecKeySource = { inline: string } | { file: string; generate?: boolean };

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  apiKey?: string;
  tls: boolean;
  clientCertPath?: string;
  clientKeyPath?: string;
  /** CA the frontend's certificate is checked against (a private CA); the system's CAs otherwise. */
  serverCaCertPath?: string;
  /** Name the frontend's certificate must carry when it differs from the address host. */
  serverName?: string;
  /** Pre-built workflow bundle; without it the worker bundles the workflows at start. */
  workflowBundlePath?: string;
  /** Where the payload encryption keys come from; none: payloads go to Temporal unencrypted. */
  codecKeys?: CodecKeySource;
  /** Activities one worker runs at once (each is one DynamoDB or SNS call). */
  maxConcurrentActivities: number;
  maxConcurrentWorkflowTasks: number;
  /** isolateExecutionTimeout of the workflow sandbox in ms; 0: none. */
  workflowExecutionGuardMs: number;
  /** Promise stacks for the Web UI's Stack Trace tab (SYNCHUB_WORKFLOW_STACK_TRACES). */
  workflowStackTraces: boolean;
}

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  groupId: string;
  ssl: boolean;
  /** PEM files for TLS to the brokers: a private CA, and a client certificate and key for mTLS. */
  sslFiles?: { caPath?: string; certPath?: string; keyPath?: string };
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  topics: Record<EntityType, string>;
  rejectedTopic: string;
  /** Records the ingester hands to Temporal at once (concurrent across keys, in order within a key). */
  maxInFlight: number;
  /** Records of one key fetched together whose changes travel in one signal. */
  maxGroup: number;
  /** Larger records are never parsed: preserved by reference and quarantined (RECORD_TOO_LARGE). */
  maxRecordBytes: number;
}

export interface AwsSettings {
  region: string;
  endpoints: { dynamodb?: string; sns?: string; sqs?: string };
  /** Static credentials only for the local emulator; otherwise the SDK's default provider chain applies. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** A CA trusted for https endpoints besides the public ones. */
  caPath?: string;
}

export interface SyncSettings {
  table: string;
  snsTopicArn: string;
  queuePrefix: string;
  /** How long an entity workflow waits for further changes before it completes. */
  idleTimeoutMs: number;
  /** Documents above this size are stored aside and passed by reference (Temporal payloads stay small). */
  claimCheckBytes: number;
  /** How long a DynamoDB/SNS/SAP step keeps retrying before its change is Stuck. */
  retryBudgetMs: number;
  /** A step unfinished after this long shows its entity as Retrying. */
  retryingAfterMs: number;
  /** Entity types whose waiting versions are coalesced (only the newest is applied). */
  coalesce: EntityType[];
  /** CURRENT writes of changes that arrive together share one TransactWriteItems request. */
  transactCurrentWrites: boolean;
  /** SAP systems by sender, and the default system (whose entities keep the unqualified IDs). */
  systems: SapSystems;
}

export interface SapSettings {
  /** Base URL of the default system's API_BUSINESS_PARTNER OData V2 service; its partner events need it. */
  odataUrl?: string;
  /** Base URL of the default system's API_PRODUCT_SRV OData V2 service (initial load of materials). */
  productODataUrl?: string;
  /** Requests per second toward the default SAP system (all workers together; the load's default rate). */
  rateLimit: number;
  /** The other SAP systems' services, by alias (SYNCHUB_SAP_ODATA_URLS and friends). */
  services: Record<string, SapService>;
  username?: string;
  password?: string;
  apiKey?: string;
  timeoutMs: number;
  /** Longest response body read; a longer one fails the read (SourceRejected). */
  maxResponseBytes: number;
}

/** One SAP system's OData service as a process uses it: where, with which credentials, how fast. */
export interface SapSystemService extends Partial<SapService> {
  system: string;
  /** Reads per second toward the system (its task queue's limit; the load's default rate). */
  rateLimit: number;
  /** The variable that configures its service (named when it is missing). */
  variable: 'SYNCHUB_SAP_ODATA_URL' | 'SYNCHUB_SAP_ODATA_URLS';
}

/**
 * The OData service of a SAP system: the default system's from the single-system variables, another
 * system's from SYNCHUB_SAP_ODATA_URLS (no `odataUrl` when it has none).
 */
export function sapServiceOf(config: Pick<AppConfig, 'sap' | 'sync'>, system: string): SapSystemService {
  const { sap } = config;
  if (system === config.sync.systems.defaultSystem) {
    const { odataUrl, productODataUrl, rateLimit, username, password, apiKey } = sap;
    return {
      system,
      variable: 'SYNCHUB_SAP_ODATA_URL',
      odataUrl,
      productODataUrl,
      rateLimit,
      username,
      password,
      apiKey,
    };
  }
  return { system, variable: 'SYNCHUB_SAP_ODATA_URLS', rateLimit: sap.rateLimit, ...sap.services[system] };
}

export interface HttpSettings {
  /** `off`: no HTTP server; 0: any free port. */
  port: number | 'off';
  host: string;
  /** Keys the API accepts, with their roles; none: the API is open. */
  apiKeys: ApiKey[];
  /** Refresh interval of the polled metrics (consumer lag, status counts). */
  metricsPollMs: number;
}

export interface CodecServerSettings {
  port: number;
  host: string;
  /** Browser origins allowed to call it (CORS), exactly as the browser sends them. */
  origins: string[];
  /** The whole `Authorization` header a request must carry; unset: none needed. */
  authorization?: string;
}

export interface TracingSettings {
  /** OTLP/HTTP URL spans are exported to; unset: no tracing. */
  tracesEndpoint?: string;
  serviceName: string;
}

export interface AppConfig {
  localStack: boolean;
  http: HttpSettings;
  codecServer: CodecServerSettings;
  tracing: TracingSettings;
  stack: StackConfig;
  temporal: TemporalSettings;
  kafka: KafkaSettings;
  aws: AwsSettings;
  sync: SyncSettings;
  /** The consuming domains with the fields each receives (SYNCHUB_DOMAINS_FILE, or the defaults). */
  domains: readonly ConsumerDomain[];
  sap: SapSettings;
  logLevel: string;
  logFormat: LogFormat;
}

const EXTERNAL_ENDPOINT_VARIABLES: readonly SettingName[] = [
  'TEMPORAL_ADDRESS',
  'KAFKA_BROKERS',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ENDPOINT_URL_SNS',
  'AWS_ENDPOINT_URL_SQS',
];

/** Upper bound of the byte-size settings. */
const ONE_GIB = 1024 ** 3;

const url = z.url({ message: 'expected a URL such as http://127.0.0.1:4566' });

const schema = z.object({
  localStack: z.boolean(),
  temporal: z.object({
    address: z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port'),
    namespace: z.string().min(1),
    taskQueue: z.string().min(1),
    apiKey: z.string().optional(),
    tls: z.boolean(),
    clientCertPath: z.string().optional(),
    clientKeyPath: z.string().optional(),
    serverCaCertPath: z.string().optional(),
    serverName: z.string().optional(),
    workflowBundlePath: z.string().optional(),
    codecKeys: z
      .union([
        z.object({ inline: z.string().min(1) }),
        z.object({ file: z.string().min(1), generate: z.boolean().optional() }),
      ])
      .optional(),
    maxConcurrentActivities: z.coerce.number().int().min(1).max(10_000),
    maxConcurrentWorkflowTasks: z.coerce.number().int().min(2).max(10_000),
    workflowExecutionGuardMs: z.coerce.number().int().min(0).max(600_000),
    workflowStackTraces: z.boolean(),
  }),
  kafka: z.object({
    brokers: z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).min(1, 'at least one broker'),
    clientId: z.string().min(1),
    groupId: z.string().min(1),
    ssl: z.boolean(),
    sslFiles: z
      .object({
        caPath: z.string().optional(),
        certPath: z.string().optional(),
        keyPath: z.string().optional(),
      })
      .optional(),
    allowSaslPlaintext: z.boolean(),
    sasl: z
      .object({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
        username: z.string().min(1),
        password: z.string().min(1),
      })
      .optional(),
    topics: z.record(z.enum(ENTITY_TYPES as [EntityType, ...EntityType[]]), z.string().min(1)),
    rejectedTopic: z.string().min(1),
    maxInFlight: z.coerce.number().int().min(1).max(10_000),
    maxGroup: z.coerce.number().int().min(1).max(10_000),
    maxRecordBytes: z.coerce.number().int().min(1024).max(ONE_GIB),
  }),
  aws: z.object({
    region: z.string().min(1),
    endpoints: z.object({ dynamodb: url.optional(), sns: url.optional(), sqs: url.optional() }),
    credentials: z.object({ accessKeyId: z.string(), secretAccessKey: z.string() }).optional(),
    caPath: z.string().optional(),
    allowHttp: z.boolean(),
  }),
  sync: z.object({
    table: z.string().min(3),
    snsTopicArn: z.string().regex(/^arn:aws[\w-]*:sns:/, 'expected an SNS topic ARN'),
    queuePrefix: z.string().min(1),
    idleTimeoutMs: z.coerce.number().int().positive(),
    claimCheckBytes: z.coerce.number().int().min(1024).max(1_500_000),
    retryBudgetMs: z.coerce.number().int().min(1_000),
    retryingAfterMs: z.coerce.number().int().min(100),
    coalesce: z.array(z.enum(ENTITY_TYPES as [EntityType, ...EntityType[]])),
    transactCurrentWrites: z.boolean(),
    systems: z
      .object({ senders: z.string().optional(), defaultSystem: z.string().optional() })
      .transform((value, context) => {
        try {
          return parseSapSystems(value.senders, value.defaultSystem);
        } catch (error) {
          context.addIssue({
            code: 'custom',
            message: error instanceof Error ? error.message : String(error),
          });
          return z.NEVER;
        }
      }),
  }),
  sap: z.object({
    odataUrl: url.optional(),
    productODataUrl: url.optional(),
    rateLimit: z.coerce.number().positive().max(100_000),
    username: z.string().optional(),
    password: z.string().optional(),
    apiKey: z.string().optional(),
    timeoutMs: z.coerce.number().int().min(100).max(300_000),
    maxResponseBytes: z.coerce.number().int().min(1024).max(ONE_GIB),
  }),
  http: z.object({
    port: z
      .string()
      .regex(/^(off|\d{1,5})$/, 'expected a port number, 0 for any free port, or off')
      .transform((value) => (value === 'off' ? ('off' as const) : Number(value)))
      .refine((value) => value === 'off' || value <= 65_535, 'a port is at most 65535'),
    host: z.string().min(1),
    apiKeys: z
      .string()
      .optional()
      .transform((value, context) => {
        try {
          return parseApiKeys(value);
        } catch (error) {
          context.addIssue({
            code: 'custom',
            message: error instanceof Error ? error.message : String(error),
          });
          return z.NEVER;
        }
      }),
    metricsPollMs: z.coerce.number().int().min(1_000),
  }),
  codecServer: z.object({
    port: z.coerce.number().int().min(0).max(65_535),
    host: z.string().min(1),
    origins: z.array(z.url({ message: 'expected an origin such as http://127.0.0.1:8233' })),
    authorization: z.string().min(1).optional(),
  }),
  tracing: z.object({ tracesEndpoint: url.optional(), serviceName: z.string().min(1) }),
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']),
  logFormat: z.enum(logFormats),
});

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function loopbackHost(hostPort: string): boolean {
  const host = hostPort.startsWith('[')
    ? hostPort.slice(0, hostPort.indexOf(']') + 1)
    : hostPort.split(':')[0];
  return LOOPBACK.has(host ?? '');
}

/**
 * Transport settings that would silently weaken security are refused where they are read: half an mTLS pair,
 * TLS files with TLS turned off, a SASL password or AWS requests crossing the network unencrypted.
 */
const checkedSchema = schema.superRefine((config, context) => {
  const { temporal, kafka, aws } = config;
  if ((temporal.clientCertPath === undefined) !== (temporal.clientKeyPath === undefined))
    context.addIssue({
      code: 'custom',
      path: ['temporal', 'clientCertPath'],
      message:
        'an mTLS client certificate needs its key: set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH',
    });
  if (
    !temporal.tls &&
    [temporal.serverCaCertPath, temporal.serverName, temporal.clientCertPath].some(
      (value) => value !== undefined,
    )
  )
    context.addIssue({
      code: 'custom',
      path: ['temporal', 'tls'],
      message: 'TEMPORAL_TLS_* files or a server name are set but TEMPORAL_TLS is false',
    });
  const files = kafka.sslFiles;
  if ((files?.certPath === undefined) !== (files?.keyPath === undefined))
    context.addIssue({
      code: 'custom',
      path: ['kafka', 'sslFiles'],
      message: 'a client certificate needs its key: set KAFKA_SSL_CERT_PATH and KAFKA_SSL_KEY_PATH',
    });
  if (!kafka.ssl && files !== undefined)
    context.addIssue({
      code: 'custom',
      path: ['kafka', 'ssl'],
      message: 'KAFKA_SSL_*_PATH files are set but KAFKA_SSL is false',
    });
  if (kafka.sasl && !kafka.ssl && !kafka.allowSaslPlaintext && !kafka.brokers.every(loopbackHost))
    context.addIssue({
      code: 'custom',
      path: ['kafka', 'ssl'],
      message:
        'SASL without TLS would send the password and every record readable over the network: set KAFKA_SSL=true (or KAFKA_SASL_ALLOW_PLAINTEXT=true to accept that)',
    });
  if (!config.localStack && !aws.allowHttp)
    for (const [service, endpoint] of Object.entries(aws.endpoints)) {
      if (endpoint === undefined) continue;
      const parsed = new URL(endpoint);
      if (parsed.protocol === 'http:' && !loopbackHost(parsed.host))
        context.addIssue({
          code: 'custom',
          path: ['aws', 'endpoints', service],
          message: `${endpoint} is plain http off loopback: use https (or SYNCHUB_AWS_ALLOW_HTTP=true for an emulator in a container network)`,
        });
    }
});

/** Field path (`kafka.brokers`) to the variable it comes from, so that errors name the variable. */
const VARIABLES: Record<string, SettingName | `${SettingName} or ${SettingName}`> = {
  'temporal.address': 'TEMPORAL_ADDRESS',
  'temporal.namespace': 'TEMPORAL_NAMESPACE',
  'temporal.taskQueue': 'TEMPORAL_TASK_QUEUE',
  'temporal.maxConcurrentActivities': 'SYNCHUB_WORKER_MAX_ACTIVITIES',
  'temporal.maxConcurrentWorkflowTasks': 'SYNCHUB_WORKER_MAX_WORKFLOW_TASKS',
  'temporal.workflowExecutionGuardMs': 'SYNCHUB_WORKFLOW_EXECUTION_GUARD_MS',
  'temporal.workflowStackTraces': 'SYNCHUB_WORKFLOW_STACK_TRACES',
  'kafka.brokers': 'KAFKA_BROKERS',
  'kafka.sslFiles': 'KAFKA_SSL_CERT_PATH',
  'kafka.ssl': 'KAFKA_SSL',
  'temporal.tls': 'TEMPORAL_TLS',
  'temporal.clientCertPath': 'TEMPORAL_TLS_CLIENT_CERT_PATH',
  'kafka.sasl.mechanism': 'KAFKA_SASL_MECHANISM',
  'kafka.sasl.username': 'KAFKA_SASL_USERNAME',
  'kafka.sasl.password': 'KAFKA_SASL_PASSWORD',
  'kafka.maxInFlight': 'SYNCHUB_INGEST_MAX_IN_FLIGHT',
  'kafka.maxGroup': 'SYNCHUB_INGEST_MAX_GROUP',
  'kafka.maxRecordBytes': 'SYNCHUB_MAX_RECORD_BYTES',
  ...Object.fromEntries(ENTITY_TYPES.map((type) => [`kafka.topics.${type}`, topicSettingName(type)])),
  'aws.endpoints.dynamodb': 'AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL',
  'aws.endpoints.sns': 'AWS_ENDPOINT_URL_SNS or AWS_ENDPOINT_URL',
  'aws.endpoints.sqs': 'AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL',
  'sync.table': 'SYNCHUB_TABLE',
  'sync.snsTopicArn': 'SYNCHUB_SNS_TOPIC_ARN',
  'sync.idleTimeoutMs': 'SYNCHUB_IDLE_TIMEOUT_MS',
  'sync.claimCheckBytes': 'SYNCHUB_CLAIM_CHECK_BYTES',
  'sync.retryBudgetMs': 'SYNCHUB_RETRY_BUDGET_MS',
  'sync.retryingAfterMs': 'SYNCHUB_RETRYING_AFTER_MS',
  'sync.coalesce': 'SYNCHUB_COALESCE',
  'sync.transactCurrentWrites': 'SYNCHUB_TRANSACT_CURRENT_WRITES',
  'sync.systems': 'SYNCHUB_SAP_SYSTEMS or SYNCHUB_DEFAULT_SAP_SYSTEM',
  'sap.odataUrl': 'SYNCHUB_SAP_ODATA_URL',
  'sap.productODataUrl': 'SYNCHUB_SAP_PRODUCT_ODATA_URL',
  'sap.rateLimit': 'SYNCHUB_SAP_RATE_LIMIT',
  'sap.timeoutMs': 'SYNCHUB_SAP_TIMEOUT_MS',
  'sap.maxResponseBytes': 'SYNCHUB_SAP_MAX_RESPONSE_BYTES',
  'http.port': 'SYNCHUB_HTTP_PORT',
  'http.host': 'SYNCHUB_HTTP_HOST',
  'http.apiKeys': 'SYNCHUB_API_KEYS',
  'http.metricsPollMs': 'SYNCHUB_METRICS_POLL_MS',
  'tracing.tracesEndpoint': 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT',
  'tracing.serviceName': 'OTEL_SERVICE_NAME',
  logLevel: 'LOG_LEVEL',
  logFormat: 'SYNCHUB_LOG_FORMAT',
};

/**
 * `all`, `none`, or a comma-separated list of entity types. Every document type SyncHub reads carries the
 * whole object (master-data IDocs, orders and deliveries, and business partners read from OData), so by
 * default all are coalesced.
 */
function entityTypeList(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed === 'all') return [...ENTITY_TYPES];
  if (trimmed === 'none' || trimmed === '') return [];
  return trimmed.split(',').map((type) => type.trim());
}

/** The OTLP/HTTP traces URL, as the OpenTelemetry variables define it (the base URL gets `/v1/traces`). */
function tracesEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  const traces = readSetting(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (traces) return traces;
  const base = readSetting(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

function resolveLocalStack(env: NodeJS.ProcessEnv): boolean {
  if (readSetting(env, 'SYNCHUB_LOCAL_STACK') !== 'auto') return flag(env, 'SYNCHUB_LOCAL_STACK', false);
  return EXTERNAL_ENDPOINT_VARIABLES.every((name) => readSetting(env, name) === undefined);
}

function flag(env: NodeJS.ProcessEnv, name: SettingName, fallback: boolean): boolean {
  const value = readSetting(env, name);
  return value === undefined ? fallback : parseOrThrow(booleanFlag, value, { '': name });
}

/** The configured keys; on the embedded stack, its own key ring unless encryption is turned `off`. */
function codecKeySource(
  env: NodeJS.ProcessEnv,
  localStack: boolean,
  stack: StackConfig,
): CodecKeySource | undefined {
  const inline = readSetting(env, 'SYNCHUB_CODEC_KEYS');
  if (inline === 'off') return undefined;
  if (inline) return { inline };
  const file = readSetting(env, 'SYNCHUB_CODEC_KEYS_FILE');
  if (file) return { file: path.resolve(file) };
  return localStack ? { file: stack.codecKeysFile, generate: true } : undefined;
}

/**
 * Parses the whole environment once. With no external endpoint set (`TEMPORAL_ADDRESS`, `KAFKA_BROKERS`,
 * `AWS_ENDPOINT_URL*`), SyncHub talks to the embedded local stack on loopback.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const stack = loadStackConfig(env);
  const localStack = resolveLocalStack(env);
  const region = readSetting(env, 'AWS_REGION') ?? readSetting(env, 'AWS_DEFAULT_REGION');
  const localAws = `http://${stack.host}:${stack.awsPort}`;
  const sharedEndpoint = readSetting(env, 'AWS_ENDPOINT_URL') ?? (localStack ? localAws : undefined);
  const topicName = readSetting(env, 'SYNCHUB_SNS_TOPIC');
  const localTopicArn = `arn:aws:sns:${region}:${LOCAL_ACCOUNT_ID}:${topicName}`;
  const saslMechanism = readSetting(env, 'KAFKA_SASL_MECHANISM');
  const kafkaFiles = {
    caPath: readSetting(env, 'KAFKA_SSL_CA_PATH'),
    certPath: readSetting(env, 'KAFKA_SSL_CERT_PATH'),
    keyPath: readSetting(env, 'KAFKA_SSL_KEY_PATH'),
  };
  const kafkaSslFiles = Object.values(kafkaFiles).some((value) => value !== undefined)
    ? kafkaFiles
    : undefined;

  const topics = Object.fromEntries(
    ENTITY_TYPES.map((type) => [type, readSetting(env, topicSettingName(type))]),
  );

  const parsed = parseOrThrow(
    checkedSchema,
    {
      localStack,
      temporal: {
        address:
          readSetting(env, 'TEMPORAL_ADDRESS') ??
          (localStack ? `${stack.host}:${stack.temporalPort}` : 'localhost:7233'),
        namespace: readSetting(env, 'TEMPORAL_NAMESPACE'),
        taskQueue: readSetting(env, 'TEMPORAL_TASK_QUEUE'),
        apiKey: readSetting(env, 'TEMPORAL_API_KEY'),
        tls: flag(
          env,
          'TEMPORAL_TLS',
          (
            [
              'TEMPORAL_API_KEY',
              'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
              'TEMPORAL_TLS_SERVER_NAME',
              'TEMPORAL_TLS_CLIENT_CERT_PATH',
            ] as const
          ).some((name) => readSetting(env, name) !== undefined),
        ),
        clientCertPath: readSetting(env, 'TEMPORAL_TLS_CLIENT_CERT_PATH'),
        clientKeyPath: readSetting(env, 'TEMPORAL_TLS_CLIENT_KEY_PATH'),
        serverCaCertPath: readSetting(env, 'TEMPORAL_TLS_SERVER_CA_CERT_PATH'),
        serverName: readSetting(env, 'TEMPORAL_TLS_SERVER_NAME'),
        workflowBundlePath: readSetting(env, 'SYNCHUB_WORKFLOW_BUNDLE'),
        codecKeys: codecKeySource(env, localStack, stack),
        maxConcurrentActivities: readSetting(env, 'SYNCHUB_WORKER_MAX_ACTIVITIES'),
        maxConcurrentWorkflowTasks: readSetting(env, 'SYNCHUB_WORKER_MAX_WORKFLOW_TASKS'),
        workflowExecutionGuardMs: readSetting(env, 'SYNCHUB_WORKFLOW_EXECUTION_GUARD_MS'),
        workflowStackTraces: flag(env, 'SYNCHUB_WORKFLOW_STACK_TRACES', false),
      },
      kafka: {
        brokers: (readSetting(env, 'KAFKA_BROKERS') ?? `${stack.host}:${stack.kafkaPort}`)
          .split(',')
          .map((broker) => broker.trim())
          .filter(Boolean),
        clientId: readSetting(env, 'KAFKA_CLIENT_ID'),
        groupId: readSetting(env, 'KAFKA_GROUP_ID'),
        ssl: flag(env, 'KAFKA_SSL', kafkaSslFiles !== undefined),
        sslFiles: kafkaSslFiles,
        allowSaslPlaintext: flag(env, 'KAFKA_SASL_ALLOW_PLAINTEXT', false),
        sasl: saslMechanism
          ? {
              mechanism: saslMechanism.toLowerCase(),
              username: readSetting(env, 'KAFKA_SASL_USERNAME'),
              password: readSetting(env, 'KAFKA_SASL_PASSWORD'),
            }
          : undefined,
        topics,
        rejectedTopic: readSetting(env, 'SYNCHUB_TOPIC_REJECTED'),
        maxInFlight: readSetting(env, 'SYNCHUB_INGEST_MAX_IN_FLIGHT'),
        maxGroup: readSetting(env, 'SYNCHUB_INGEST_MAX_GROUP'),
        maxRecordBytes: readSetting(env, 'SYNCHUB_MAX_RECORD_BYTES'),
      },
      aws: {
        region,
        endpoints: {
          dynamodb: readSetting(env, 'AWS_ENDPOINT_URL_DYNAMODB') ?? sharedEndpoint,
          sns: readSetting(env, 'AWS_ENDPOINT_URL_SNS') ?? sharedEndpoint,
          sqs: readSetting(env, 'AWS_ENDPOINT_URL_SQS') ?? sharedEndpoint,
        },
        credentials:
          localStack && !readSetting(env, 'AWS_ACCESS_KEY_ID')
            ? { accessKeyId: 'test', secretAccessKey: 'test' }
            : undefined,
        caPath: readSetting(env, 'SYNCHUB_AWS_CA_PATH'),
        allowHttp: flag(env, 'SYNCHUB_AWS_ALLOW_HTTP', false),
      },
      sync: {
        table: readSetting(env, 'SYNCHUB_TABLE'),
        snsTopicArn: readSetting(env, 'SYNCHUB_SNS_TOPIC_ARN') ?? (localStack ? localTopicArn : undefined),
        queuePrefix: readSetting(env, 'SYNCHUB_QUEUE_PREFIX'),
        idleTimeoutMs: readSetting(env, 'SYNCHUB_IDLE_TIMEOUT_MS'),
        claimCheckBytes: readSetting(env, 'SYNCHUB_CLAIM_CHECK_BYTES'),
        retryBudgetMs: readSetting(env, 'SYNCHUB_RETRY_BUDGET_MS'),
        retryingAfterMs: readSetting(env, 'SYNCHUB_RETRYING_AFTER_MS'),
        coalesce: entityTypeList(readSetting(env, 'SYNCHUB_COALESCE')),
        transactCurrentWrites: flag(env, 'SYNCHUB_TRANSACT_CURRENT_WRITES', true),
        systems: {
          senders: readSetting(env, 'SYNCHUB_SAP_SYSTEMS'),
          defaultSystem: readSetting(env, 'SYNCHUB_DEFAULT_SAP_SYSTEM'),
        },
      },
      sap: {
        odataUrl: readSetting(env, 'SYNCHUB_SAP_ODATA_URL'),
        productODataUrl:
          readSetting(env, 'SYNCHUB_SAP_PRODUCT_ODATA_URL') ??
          siblingService(readSetting(env, 'SYNCHUB_SAP_ODATA_URL'), 'API_PRODUCT_SRV'),
        rateLimit: readSetting(env, 'SYNCHUB_SAP_RATE_LIMIT'),
        username: readSetting(env, 'SYNCHUB_SAP_USERNAME'),
        password: readSetting(env, 'SYNCHUB_SAP_PASSWORD'),
        apiKey: readSetting(env, 'SYNCHUB_SAP_API_KEY'),
        timeoutMs: readSetting(env, 'SYNCHUB_SAP_TIMEOUT_MS'),
        maxResponseBytes: readSetting(env, 'SYNCHUB_SAP_MAX_RESPONSE_BYTES'),
      },
      http: {
        port: readSetting(env, 'SYNCHUB_HTTP_PORT'),
        host: readSetting(env, 'SYNCHUB_HTTP_HOST'),
        apiKeys: readSetting(env, 'SYNCHUB_API_KEYS'),
        metricsPollMs: readSetting(env, 'SYNCHUB_METRICS_POLL_MS'),
      },
      codecServer: {
        port: readSetting(env, 'SYNCHUB_CODEC_PORT'),
        host: readSetting(env, 'SYNCHUB_CODEC_HOST'),
        origins: (
          readSetting(env, 'SYNCHUB_CODEC_ORIGINS') ??
          (localStack
            ? `http://${stack.host}:${stack.temporalUiPort},http://localhost:${stack.temporalUiPort}`
            : '')
        )
          .split(',')
          .map((origin) => origin.trim().replace(/\/$/, ''))
          .filter(Boolean),
        authorization: readSetting(env, 'SYNCHUB_CODEC_AUTH'),
      },
      tracing: {
        tracesEndpoint: tracesEndpoint(env),
        serviceName: readSetting(env, 'OTEL_SERVICE_NAME'),
      },
      logLevel: readSetting(env, 'LOG_LEVEL'),
      logFormat: readSetting(env, 'SYNCHUB_LOG_FORMAT'),
    },
    VARIABLES,
  );
  const { services, defaultCredentials } = loadSapServices({
    urls: readSetting(env, 'SYNCHUB_SAP_ODATA_URLS'),
    rateLimits: readSetting(env, 'SYNCHUB_SAP_RATE_LIMITS'),
    credentialsFile: readSetting(env, 'SYNCHUB_SAP_CREDENTIALS_FILE'),
    systems: parsed.sync.systems,
    defaultRateLimit: parsed.sap.rateLimit,
    defaultCredentialsSet: [parsed.sap.username, parsed.sap.password, parsed.sap.apiKey].some(
      (value) => value !== undefined,
    ),
  });
  return {
    ...parsed,
    sap: { ...parsed.sap, ...defaultCredentials, services },
    stack,
    domains: loadDomains(readSetting(env, 'SYNCHUB_DOMAINS_FILE')),
  };
}
