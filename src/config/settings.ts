import { ENTITY_TYPES, type EntityType } from '../domain/entity';

/**
 * One environment variable SyncHub reads. The loaders parse it by this declaration and the README's
 * configuration table is generated from it (`npm run config-table`), so the two cannot drift apart.
 */
export interface Setting {
  /** Value taken when the variable is unset or blank. */
  readonly default?: string;
  /** The default in words (Markdown), when it is computed from other settings instead of fixed. */
  readonly computedDefault?: string;
  /** What the variable does (Markdown, one table cell). */
  readonly description: string;
}

type TopicSettingName = `SYNCHUB_TOPIC_${Uppercase<EntityType>}`;

/** The variable naming the Kafka topic of an entity type (`SYNCHUB_TOPIC_SALESORDER`). */
export function topicSettingName(entityType: EntityType): TopicSettingName {
  return `SYNCHUB_TOPIC_${entityType.toUpperCase()}` as TopicSettingName;
}

const TOPIC_SETTINGS = Object.fromEntries(
  ENTITY_TYPES.map((type): [TopicSettingName, Setting] => [
    topicSettingName(type),
    { default: `sap.${type}`, description: `Kafka topic of \`${type}\` documents` },
  ]),
) as Record<TopicSettingName, Setting>;

/** Every environment variable SyncHub reads, in the order the README lists them. */
export const SETTINGS = {
  SYNCHUB_LOCAL_STACK: {
    default: 'auto',
    description: '`true`/`false` forces the embedded stack on/off; `auto` = on when no endpoint below is set',
  },
  TEMPORAL_ADDRESS: {
    computedDefault: '`127.0.0.1:7233` (local), else `localhost:7233`',
    description: 'Temporal frontend `host:port`',
  },
  TEMPORAL_NAMESPACE: { default: 'default', description: 'namespace' },
  TEMPORAL_TASK_QUEUE: { default: 'synchub', description: 'task queue of the entity workflows' },
  TEMPORAL_API_KEY: { description: 'API key (Temporal Cloud); turns TLS on' },
  TEMPORAL_TLS: {
    computedDefault:
      '`true` with `TEMPORAL_API_KEY` or any `TEMPORAL_TLS_*` file or name below, else `false`',
    description: 'TLS to the frontend (the certificate is always verified)',
  },
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: {
    description: "CA certificate (PEM) the frontend's certificate is checked against (a private CA)",
  },
  TEMPORAL_TLS_SERVER_NAME: {
    description:
      "name the frontend's certificate must carry when it is not the host in `TEMPORAL_ADDRESS` (e.g. behind a load balancer)",
  },
  TEMPORAL_TLS_CLIENT_CERT_PATH: { description: 'mTLS client certificate (PEM), with the key below' },
  TEMPORAL_TLS_CLIENT_KEY_PATH: { description: 'mTLS client key (PEM)' },
  SYNCHUB_CODEC_KEYS: {
    description:
      'payload encryption keys (AES-256-GCM) as `id:base64key`, comma-separated: the first encrypts, every one decrypts; a key is `openssl rand -base64 32`. `off`: payloads go to Temporal unencrypted',
  },
  SYNCHUB_CODEC_KEYS_FILE: {
    computedDefault:
      'local: `<SYNCHUB_STATE_DIR>/codec-keys`, made with a random key on first use; else none (payloads unencrypted)',
    description: 'file with the keys in the same form (one per line, `#` comments)',
  },
  SYNCHUB_CODEC_PORT: {
    default: '8235',
    description:
      '`synchub codec-server` and the embedded stack: port of the codec server the Temporal Web UI and CLI decode payloads with',
  },
  SYNCHUB_CODEC_HOST: {
    default: '127.0.0.1',
    description:
      '`synchub codec-server`: address it binds (loopback: only browsers and CLIs on this host reach it)',
  },
  SYNCHUB_CODEC_ORIGINS: {
    computedDefault:
      'local: the embedded Web UI (`http://127.0.0.1:<SYNCHUB_TEMPORAL_UI_PORT>`, also as `localhost`)',
    description: 'comma-separated browser origins (the Temporal Web UI) allowed to call the codec server',
  },
  SYNCHUB_CODEC_AUTH: {
    description:
      'when set, every codec request needs exactly this `Authorization` header value (the CLI sends it with `--codec-auth`)',
  },
  SYNCHUB_WORKFLOW_BUNDLE: {
    description: 'pre-built workflow bundle; without it the worker bundles at start',
  },
  SYNCHUB_WORKER_MAX_ACTIVITIES: {
    default: '100',
    description: 'activities one worker runs at once (each is one DynamoDB, SNS or SAP call)',
  },
  SYNCHUB_WORKER_MAX_WORKFLOW_TASKS: {
    default: '40',
    description: 'workflow tasks one worker runs at once (at least 2)',
  },
  SYNCHUB_WORKFLOW_EXECUTION_GUARD_MS: {
    default: '0',
    description:
      "longest one call into a workflow's sandbox may run before the worker fails the workflow task (the Temporal SDK's `isolateExecutionTimeout`: a guard against workflow code that never yields). `0`: no guard. The SDK starts a watchdog thread for every guarded call, several per change; see [Benchmarks](#benchmarks) for what that costs",
  },
  SYNCHUB_WORKFLOW_STACK_TRACES: {
    default: 'false',
    description:
      "`true`: the worker tracks the stack of every promise in workflow code, so the Web UI's Stack Trace tab (the `__stack_trace` query) shows where a workflow waits. It costs CPU on every promise; off, that tab reports that stack traces are not enabled, and the `state` query still tells what an entity waits for. See [Benchmarks](#benchmarks)",
  },
  KAFKA_BROKERS: {
    computedDefault: '`127.0.0.1:9092` (the embedded Kafka)',
    description: 'comma-separated `host:port` list',
  },
  KAFKA_CLIENT_ID: { default: 'synchub', description: 'client id' },
  KAFKA_GROUP_ID: { default: 'synchub-ingester', description: 'consumer group of the ingester' },
  KAFKA_SSL: {
    computedDefault: '`true` with any `KAFKA_SSL_*_PATH`, else `false`',
    description: 'TLS to the brokers (the certificate is always verified)',
  },
  KAFKA_SSL_CA_PATH: {
    description: "CA certificate (PEM) the brokers' certificates are checked against (a private CA)",
  },
  KAFKA_SSL_CERT_PATH: { description: 'client certificate (PEM) for brokers that require mTLS' },
  KAFKA_SSL_KEY_PATH: { description: 'client key (PEM) for brokers that require mTLS' },
  KAFKA_SASL_MECHANISM: {
    description: '`plain`, `scram-sha-256` or `scram-sha-512`; unset = no SASL',
  },
  KAFKA_SASL_USERNAME: { description: 'SASL user name (required with a mechanism)' },
  KAFKA_SASL_PASSWORD: { description: 'SASL password (required with a mechanism)' },
  KAFKA_SASL_ALLOW_PLAINTEXT: {
    default: 'false',
    description:
      '`true` accepts SASL without TLS to brokers off loopback (the password and every record cross the network readable); refused otherwise',
  },
  ...TOPIC_SETTINGS,
  SYNCHUB_TOPIC_REJECTED: {
    default: 'synchub.rejected',
    description: 'where unreadable records are preserved',
  },
  SYNCHUB_INGEST_MAX_IN_FLIGHT: {
    default: '64',
    description:
      'records the ingester hands to Temporal at once, across partitions; records with the same Kafka key stay in order',
  },
  SYNCHUB_INGEST_MAX_GROUP: {
    default: '500',
    description:
      'records of one Kafka key fetched together whose changes travel to the entity workflow in one signal; `1` = one signal per change (for workers older than the `changes` signal during a rolling upgrade)',
  },
  SYNCHUB_MAX_RECORD_BYTES: {
    default: '16777216',
    description:
      "largest record (bytes) the ingester reads, 16 MiB like the embedded broker's `message.max.bytes`; a larger one is never parsed: it is preserved by reference and quarantined as `RECORD_TOO_LARGE`",
  },
  AWS_REGION: { computedDefault: '`AWS_DEFAULT_REGION`', description: 'region' },
  AWS_DEFAULT_REGION: { default: 'us-east-1', description: 'region when `AWS_REGION` is unset' },
  AWS_ENDPOINT_URL: {
    computedDefault: '`http://127.0.0.1:4566` (local)',
    description: 'endpoint for all AWS services; unset = real AWS',
  },
  AWS_ENDPOINT_URL_DYNAMODB: { computedDefault: '`AWS_ENDPOINT_URL`', description: 'DynamoDB endpoint' },
  AWS_ENDPOINT_URL_SNS: { computedDefault: '`AWS_ENDPOINT_URL`', description: 'SNS endpoint' },
  AWS_ENDPOINT_URL_SQS: { computedDefault: '`AWS_ENDPOINT_URL`', description: 'SQS endpoint' },
  SYNCHUB_AWS_CA_PATH: {
    description:
      'CA certificate (PEM) trusted for `https` AWS endpoints besides the public ones (a private endpoint or proxy; the JS SDK ignores `AWS_CA_BUNDLE`)',
  },
  SYNCHUB_AWS_ALLOW_HTTP: {
    default: 'false',
    description:
      '`true` accepts `http://` AWS endpoints off loopback (an emulator in a container network); refused otherwise, since requests would cross the network unencrypted',
  },
  AWS_ACCESS_KEY_ID: {
    computedDefault: '`test` (local)',
    description:
      'AWS SDK default credential chain (also `AWS_SECRET_ACCESS_KEY`, `AWS_PROFILE`, ...); replaces `test`/`test`',
  },
  SYNCHUB_TABLE: { default: 'synchub', description: 'DynamoDB table' },
  SYNCHUB_SNS_TOPIC_ARN: {
    computedDefault: 'local: `arn:aws:sns:<region>:123456789012:synchub-changes`',
    description: 'SNS topic changes are published to (required off the local stack)',
  },
  SYNCHUB_SNS_TOPIC: { default: 'synchub-changes', description: 'topic name used for the local ARN' },
  SYNCHUB_QUEUE_PREFIX: {
    default: 'synchub',
    description: '`provision` creates `<prefix>-<domain>` and `<prefix>-<domain>-dlq`',
  },
  SYNCHUB_DOMAINS_FILE: {
    computedDefault: 'the built-in domains (README: Personal data per domain)',
    description:
      'JSON file of the consuming domains: per domain its entity types and, per type, the fields of `data` it receives. Checked at start; `provision` and the workers must read the same file',
  },
  SYNCHUB_IDLE_TIMEOUT_MS: {
    default: '600000',
    description: 'an entity workflow completes after this long without changes',
  },
  SYNCHUB_CLAIM_CHECK_BYTES: {
    default: '262144',
    description:
      'larger documents are stored in DynamoDB and passed by reference (Temporal payloads stay small)',
  },
  SYNCHUB_RETRY_BUDGET_MS: {
    default: '3600000',
    description: 'how long a DynamoDB, SNS or SAP step keeps retrying before its change is `Stuck`',
  },
  SYNCHUB_RETRYING_AFTER_MS: {
    default: '10000',
    description: 'a step unfinished after this long shows its entity as `Retrying`',
  },
  SYNCHUB_SAP_SYSTEMS: {
    description:
      "SAP systems by sender, for several systems (or clients) side by side: `ALIAS=SENDER` pairs, comma-separated (`ERP=S4HCLNT100,ERP2=ECCCLNT200`; an alias may have several senders), or a JSON object of alias to sender or list of senders. The sender is an IDoc's `SNDPRN` (logical system) or a business event's `source` (whole, or its last segment). Set: a document from an unmapped sender is quarantined (`UNKNOWN_SAP_SYSTEM`). Unset: every document belongs to the default system",
  },
  SYNCHUB_DEFAULT_SAP_SYSTEM: {
    computedDefault: 'the only alias in `SYNCHUB_SAP_SYSTEMS`; `SAP` when none is configured',
    description:
      'alias of the system whose entities keep the unqualified IDs (`material:4711`); the others get `material@ALIAS:4711`. Required when `SYNCHUB_SAP_SYSTEMS` names several aliases. Upgrading: the alias of the sender that synced so far',
  },
  SYNCHUB_SAP_ODATA_URL: {
    description:
      "base URL of the default SAP system's `API_BUSINESS_PARTNER` OData V2 service (its business partner events need it; other systems: `SYNCHUB_SAP_ODATA_URLS`)",
  },
  SYNCHUB_SAP_PRODUCT_ODATA_URL: {
    computedDefault:
      '`SYNCHUB_SAP_ODATA_URL` with its last path segment replaced by `API_PRODUCT_SRV` (same host and path)',
    description: 'base URL of the SAP `API_PRODUCT_SRV` OData V2 service (`synchub load material` reads it)',
  },
  SYNCHUB_SAP_RATE_LIMIT: {
    default: '20',
    description:
      "requests per second toward the default SAP system: business partner reads of all workers together, and the default `--rate` of `synchub load` (which starts each request at least 1/rate seconds after the previous answer); the other systems' default (`SYNCHUB_SAP_RATE_LIMITS`)",
  },
  SYNCHUB_SAP_USERNAME: { description: 'SAP OData user (basic authentication) of the default system' },
  SYNCHUB_SAP_PASSWORD: { description: 'SAP OData password of the default system' },
  SYNCHUB_SAP_API_KEY: {
    description: 'SAP OData API key of the default system, sent as the `APIKey` header',
  },
  SYNCHUB_SAP_ODATA_URLS: {
    description:
      "the `API_BUSINESS_PARTNER` services of the other SAP systems: `ALIAS=URL` pairs, comma-separated (`ERP2=https://erp2.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER`), or a JSON object of alias to URL. Each alias must be a system of `SYNCHUB_SAP_SYSTEMS` other than the default (whose service is `SYNCHUB_SAP_ODATA_URL`); its `API_PRODUCT_SRV` is the URL's sibling. Its reads run on its own task queue, `<TEMPORAL_TASK_QUEUE>-sap-<alias in lower case>`. A system without a service: its partner events stop `Stuck` with `SourceNotConfigured`",
  },
  SYNCHUB_SAP_RATE_LIMITS: {
    computedDefault: '`SYNCHUB_SAP_RATE_LIMIT` for each system',
    description:
      'reads per second toward each other SAP system (all workers together; the default `--rate` of its `synchub load`): `ALIAS=N` pairs, comma-separated (`ERP2=5`), or a JSON object. Each alias must have a service in `SYNCHUB_SAP_ODATA_URLS`',
  },
  SYNCHUB_SAP_CREDENTIALS_FILE: {
    description:
      'JSON file of the other SAP systems\' OData credentials: `{"ERP2": {"username": "...", "password": "...", "apiKey": "..."}}` (each field optional). It may also hold the default system\'s, when `SYNCHUB_SAP_USERNAME`, `_PASSWORD` and `_API_KEY` are unset. Read at start',
  },
  SYNCHUB_SAP_TIMEOUT_MS: { default: '10000', description: 'timeout of one SAP OData request' },
  SYNCHUB_SAP_MAX_RESPONSE_BYTES: {
    default: '8388608',
    description:
      'largest SAP OData response body (bytes) read; the read stops there and the change is `Stuck` with `SourceRejected`',
  },
  SYNCHUB_HTTP_PORT: {
    default: '8080',
    description:
      'HTTP API (`synchub start`, `synchub serve`) with `/healthz`, `/readyz` and `/metrics`; `synchub worker` and `synchub ingest` serve only those three. `0`: any free port (logged); `off`: no HTTP server',
  },
  SYNCHUB_HTTP_HOST: {
    default: '127.0.0.1',
    description: 'address the HTTP server binds; `0.0.0.0` to be reachable from other hosts (containers)',
  },
  SYNCHUB_API_KEYS: {
    description:
      'API keys with roles, comma-separated `role+role:key` entries (roles `read`, `operate`, `ingest`, `erase`; a key may be `sha256:<hex>` of itself), sent as `Authorization: Bearer <key>`. Unset: the API is open (keep it on loopback)',
  },
  SYNCHUB_METRICS_POLL_MS: {
    default: '15000',
    description:
      'how often the metrics refresh the Kafka consumer lag and the counts of Stuck, Retrying, Paused and Quarantined syncs',
  },
  OTEL_EXPORTER_OTLP_ENDPOINT: {
    description:
      'OpenTelemetry collector base URL (OTLP/HTTP, e.g. `http://127.0.0.1:4318`); traces are exported to `<url>/v1/traces`. Unset: no traces',
  },
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: {
    computedDefault: '`OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`',
    description: 'full OTLP/HTTP URL for traces',
  },
  OTEL_SERVICE_NAME: { default: 'synchub', description: '`service.name` of the exported spans' },
  SYNCHUB_LOG_FORMAT: {
    default: 'auto',
    description:
      '`pretty` (one readable line per event), `json`, or `auto`: pretty in a terminal, JSON otherwise',
  },
  SYNCHUB_TRANSACT_CURRENT_WRITES: {
    default: 'true',
    description:
      '`true`: the CURRENT items of changes to different entities that the worker applies at the same moment are written in one `TransactWriteItems` request, each still guarded by its own version (fewer requests; DynamoDB bills a transactional write twice the write units of a `PutItem`). A change applied on its own is always one conditional `PutItem`. `false`: one `PutItem` per change. IAM: `dynamodb:PutItem` authorises both',
  },
  SYNCHUB_COALESCE: {
    default: 'all',
    description:
      'entity types whose waiting versions are coalesced (only the newest is applied, the others recorded as superseded): `all`, `none` or a comma-separated list',
  },
  LOG_LEVEL: {
    default: 'info',
    description:
      '`trace` … `fatal`, `silent` (JSON logs on stdout); `debug` also shows stack traces of command errors',
  },
  SYNCHUB_STATE_DIR: {
    default: './.synchub',
    description: 'embedded stack: state (Temporal SQLite file, Kafka log, pid files, logs)',
  },
  SYNCHUB_CACHE_DIR: {
    computedDefault: '`~/.cache/synchub`',
    description: 'embedded stack: installed tools, keyed by version',
  },
  SYNCHUB_TEMPORAL_PORT: { default: '7233', description: 'embedded Temporal frontend' },
  SYNCHUB_TEMPORAL_UI_PORT: { default: '8233', description: 'embedded Temporal Web UI' },
  SYNCHUB_TEMPORAL_METRICS_PORT: {
    default: '8234',
    description: "embedded Temporal server's Prometheus metrics (`/metrics`)",
  },
  SYNCHUB_KAFKA_PORT: { default: '9092', description: 'embedded Kafka' },
  SYNCHUB_KAFKA_CONTROLLER_PORT: { default: '9093', description: 'embedded Kafka controller' },
  SYNCHUB_AWS_PORT: { default: '4566', description: 'embedded AWS emulator (SNS, SQS, DynamoDB)' },
  SYNCHUB_AWS_EMULATOR: {
    default: 'ministack',
    description:
      'embedded stack: the AWS emulator, `ministack` (MiniStack, fast) or `moto` (see [The embedded local stack](#the-embedded-local-stack))',
  },
  SYNCHUB_TEMPORAL_CLI_VERSION: {
    default: '1.5.1',
    description: 'embedded stack: Temporal CLI release to build and run (see [Versions](#versions))',
  },
  SYNCHUB_KAFKA_VERSION: {
    default: '4.4.0',
    description: 'embedded stack: Apache Kafka release to run (3.3 to 4.x)',
  },
  SYNCHUB_STACK_READY_TIMEOUT_MS: {
    default: '120000',
    description: 'how long `stack up` waits for each service',
  },
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;

/** A declared setting's value: what the environment says, else its declared default. */
export type SettingValue<N extends SettingName> = (typeof SETTINGS)[N] extends { default: string }
  ? string
  : string | undefined;

/** Reads a declared variable, trimmed (blank counts as unset), falling back to its declared default. */
export function readSetting<N extends SettingName>(env: NodeJS.ProcessEnv, name: N): SettingValue<N> {
  const setting: Setting = SETTINGS[name];
  const value = env[name]?.trim();
  return (value === undefined || value === '' ? setting.default : value) as SettingValue<N>;
}
