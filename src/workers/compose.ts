/**
 * The one place where SyncHub's parts are put together from the parsed configuration: the service
 * (`run-service.ts`), the test harness and the bench all wire themselves through these functions, so what
 * they run is what ships.
 */
import type { Client } from '@temporalio/client';
import type { Kafka } from 'kafkajs';
import type { ActivityDeps } from '../activities';
import { createChangePublisher } from '../adapters/change-publisher';
import { planViews } from '../config/domain-views';
import { createPayloadStore } from '../adapters/payload-store';
import { createRecordStore } from '../adapters/record-store';
import { createSapODataClient, type SapODataClient } from '../adapters/sap-odata-client';
import type { AwsClients } from '../clients/aws';
import { sapServiceOf, type AppConfig, type SapSystemService } from '../config/app-config';
import { sapSystemAliases, systemQualifier } from '../domain/sap-system';
import { sapTaskQueue } from '../shared/sap-task-queue';
import { createDocumentRouter } from '../ingest/document-router';
import { createIngester, type Ingester, type IngesterSettings } from '../ingest/ingester';
import { createQuarantineStarter } from '../ingest/quarantine-starter';
import {
  countingSignaller,
  createChangeSignaller,
  type ChangeSignaller,
  type SignallerSettings,
} from '../ingest/workflow-signaller';
import type { Logger } from '../logger';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createProducer } from '../clients/kafka';
import { temporalDataConverter } from '../clients/temporal';
import { createHttpServer, type ReadinessCheck } from '../http/server';
import { eraseEntity, type EraseRequest } from '../erasure/erase-entity';
import { createDocumentIntake } from '../ingest/document-intake';
import { countingODataClient } from '../metrics/instrument';
import { latencyRecorder, type ProcessMetrics } from '../metrics/process-metrics';
import type { SyncWorkerOptions } from './create-worker';

/** Partitions whose batches run at once; `maxInFlight` bounds the records across them. */
const PARTITIONS_CONSUMED_CONCURRENTLY = 8;

/** What every process has: its configuration and its clients. */
export interface Wiring {
  config: AppConfig;
  aws: AwsClients;
  client: Client;
}

/**
 * The adapters the activities use: DynamoDB stores, SNS publisher and, when configured, SAP's OData API.
 * With `metrics`, SAP call errors and the latencies of applied changes are recorded.
 */
export function createActivityDeps(
  config: AppConfig,
  aws: AwsClients,
  metrics?: ProcessMetrics,
): ActivityDeps {
  const client = (system: string, service: SapSystemService): SapODataClient | undefined => {
    if (service.odataUrl === undefined) return undefined;
    const odata = createSapODataClient({
      baseUrl: service.odataUrl,
      username: service.username,
      password: service.password,
      apiKey: service.apiKey,
      timeoutMs: config.sap.timeoutMs,
      maxResponseBytes: config.sap.maxResponseBytes,
    });
    return metrics ? countingODataClient(odata, metrics, system) : odata;
  };
  const { defaultSystem } = config.sync.systems;
  const odata = client(defaultSystem, sapServiceOf(config, defaultSystem));
  const systemOData = Object.fromEntries(
    Object.keys(config.sap.services).flatMap((system) => {
      const other = client(system, sapServiceOf(config, system));
      return other ? [[system, other]] : [];
    }),
  );
  return {
    store: createRecordStore(aws.documents, config.sync.table, {
      defaultSystem,
      transactCurrentWrites: config.sync.transactCurrentWrites,
    }),
    publisher: createChangePublisher(aws.sns, config.sync.snsTopicArn, planViews(config.domains), {
      defaultSystem,
    }),
    payloads: createPayloadStore(aws.documents, config.sync.table),
    defaultSystem,
    ...(odata ? { odata } : {}),
    ...(Object.keys(systemOData).length > 0 ? { systemOData } : {}),
    ...(metrics ? { latency: latencyRecorder(metrics) } : {}),
    claimCheckBytes: config.sync.claimCheckBytes,
  };
}

/** One SAP task queue a worker polls: the reads of one SAP system, at its rate. */
export interface SapReadQueue {
  system: string;
  taskQueue: string;
  rateLimit: number;
  /** Whether the system has an OData service (without one its reads are refused as SourceNotConfigured). */
  hasService: boolean;
}

/**
 * The SAP task queues of the installation: `<tq>-sap` for the default system, `<tq>-sap-<alias>` for every
 * other system of SYNCHUB_SAP_SYSTEMS, each limited to its system's rate. A system without a service has its
 * queue polled too, so that its entities' reads are answered (SourceNotConfigured) instead of waiting.
 */
export function sapReadQueues(config: AppConfig): SapReadQueue[] {
  const { systems } = config.sync;
  return sapSystemAliases(systems).map((system) => {
    const service = sapServiceOf(config, system);
    return {
      system,
      taskQueue: sapTaskQueue(config.temporal.taskQueue, systemQualifier(systems, system)),
      rateLimit: service.rateLimit,
      hasService: service.odataUrl !== undefined,
    };
  });
}

/** Starts an entity's workflow if needed and hands it a change. */
export function composeSignaller(
  { config, client }: Wiring,
  overrides: Pick<SignallerSettings, 'revision'> = {},
): ChangeSignaller {
  return createChangeSignaller(client, {
    ...overrides,
    taskQueue: config.temporal.taskQueue,
    idleTimeoutMs: config.sync.idleTimeoutMs,
    retryBudgetMs: config.sync.retryBudgetMs,
    retryingAfterMs: config.sync.retryingAfterMs,
    coalesce: config.sync.coalesce,
    defaultSystem: config.sync.systems.defaultSystem,
  });
}

function quarantineStarter({ config, aws, client }: Wiring) {
  return createQuarantineStarter(client, config.temporal.taskQueue, {
    payloads: createPayloadStore(aws.documents, config.sync.table),
    thresholdBytes: config.sync.claimCheckBytes,
  });
}

/**
 * Everything the worker's activities are given: the adapters, the router the `routeDocument` activity
 * uses, and Kafka history (`historyKafka`) for replay and rebuild.
 */
export function composeWorkerDeps(
  wiring: Wiring & {
    historyKafka: Kafka;
    signal?: ChangeSignaller;
    metrics?: ProcessMetrics;
  },
): ActivityDeps {
  const { config, aws } = wiring;
  const signal = wiring.signal ?? composeSignaller(wiring);
  const payloads = createPayloadStore(aws.documents, config.sync.table);
  return {
    ...createActivityDeps(config, aws, wiring.metrics),
    router: createDocumentRouter({
      signal,
      payloads,
      claimCheckBytes: config.sync.claimCheckBytes,
      coalesce: config.sync.coalesce,
      systems: config.sync.systems,
    }),
    history: {
      kafka: wiring.historyKafka,
      router: createDocumentRouter({
        signal,
        payloads,
        claimCheckBytes: config.sync.claimCheckBytes,
        maxRecordBytes: config.kafka.maxRecordBytes,
        systems: config.sync.systems,
        replay: true,
      }),
      quarantine: quarantineStarter(wiring),
    },
  };
}

/** The worker's tuning from the configuration (concurrency, a pre-built workflow bundle). */
export function workerTuning(
  config: AppConfig,
): Pick<SyncWorkerOptions, 'dataConverter'> & Partial<SyncWorkerOptions> {
  return {
    dataConverter: temporalDataConverter(config.temporal),
    maxConcurrentActivities: config.temporal.maxConcurrentActivities,
    maxConcurrentWorkflowTasks: config.temporal.maxConcurrentWorkflowTasks,
    workflowExecutionGuardMs: config.temporal.workflowExecutionGuardMs,
    workflowStackTraces: config.temporal.workflowStackTraces,
    ...(config.temporal.workflowBundlePath
      ? { workflowBundle: { codePath: config.temporal.workflowBundlePath } }
      : {}),
  };
}

/** The ingester's settings from the configuration. */
export function ingesterSettings(config: AppConfig): IngesterSettings {
  return {
    groupId: config.kafka.groupId,
    topics: Object.values(config.kafka.topics),
    rejectedTopic: config.kafka.rejectedTopic,
    partitionsConsumedConcurrently: PARTITIONS_CONSUMED_CONCURRENTLY,
    maxInFlight: config.kafka.maxInFlight,
    fromBeginning: true,
    claimCheckBytes: config.sync.claimCheckBytes,
    maxRecordBytes: config.kafka.maxRecordBytes,
    maxGroup: config.kafka.maxGroup,
    coalesce: config.sync.coalesce,
    systems: config.sync.systems,
  };
}

/** Kafka in: the ingester with its signaller, claim-check store and quarantine. */
export function composeIngester(
  wiring: Wiring & {
    kafka: Kafka;
    logger: Logger;
    signal?: ChangeSignaller;
    settings?: Partial<IngesterSettings>;
    metrics?: ProcessMetrics;
  },
): Ingester {
  const { config, aws, metrics } = wiring;
  const signal = wiring.signal ?? composeSignaller(wiring);
  return createIngester({
    kafka: wiring.kafka,
    payloads: createPayloadStore(aws.documents, config.sync.table),
    signal: metrics ? countingSignaller(signal, metrics) : signal,
    quarantine: quarantineStarter(wiring),
    settings: { ...ingesterSettings(config), ...wiring.settings },
    logger: wiring.logger,
    ...(metrics ? { metrics } : {}),
  });
}

/** What /readyz checks: the Temporal frontend, a Kafka broker and the DynamoDB table answer. */
export function readinessChecks(
  { config, aws, client }: Wiring,
  kafka: Kafka,
): Record<string, ReadinessCheck> {
  return {
    temporal: async () => {
      await client.workflowService.getSystemInfo({});
    },
    kafka: kafkaReadiness(kafka),
    dynamodb: tableReadiness(aws, config.sync.table),
  };
}

/** The table answers (DescribeTable): the readiness check of every process that serves /readyz. */
/** Kafka answers: an admin client connects and describes the cluster. */
export function kafkaReadiness(kafka: Kafka): ReadinessCheck {
  return async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.describeCluster();
    } finally {
      await admin.disconnect();
    }
  };
}

export function tableReadiness(aws: Pick<AwsClients, 'dynamodb'>, table: string): ReadinessCheck {
  return async () => {
    await aws.dynamodb.send(new DescribeTableCommand({ TableName: table }));
  };
}

/**
 * The process's HTTP server: health and metrics always; with `api`, the API (reads, sync status, operator
 * actions, inbound documents). Returns it with what must be closed at shutdown.
 */
export async function composeHttpServer(
  wiring: Wiring & {
    kafka: Kafka;
    logger: Logger;
    metrics: ProcessMetrics;
    api: boolean;
    sdkMetrics?: () => Promise<string>;
  },
) {
  const { config, aws, client } = wiring;
  const producer = wiring.api ? createProducer(wiring.kafka, { maxInFlightRequests: 1 }) : undefined;
  if (producer) await producer.connect();
  const server = await createHttpServer({
    metrics: wiring.metrics,
    readiness: readinessChecks(wiring, wiring.kafka),
    logger: wiring.logger,
    ...(wiring.sdkMetrics ? { sdkMetrics: wiring.sdkMetrics } : {}),
    apiKeys: config.http.apiKeys,
    ...(producer
      ? {
          api: {
            store: createRecordStore(aws.documents, config.sync.table, {
              defaultSystem: config.sync.systems.defaultSystem,
            }),
            systems: config.sync.systems,
            client,
            namespace: config.temporal.namespace,
            erase: (request: EraseRequest) =>
              eraseEntity(
                {
                  store: createRecordStore(aws.documents, config.sync.table, {
                    defaultSystem: config.sync.systems.defaultSystem,
                  }),
                  publisher: createChangePublisher(
                    aws.sns,
                    config.sync.snsTopicArn,
                    planViews(config.domains),
                    { defaultSystem: config.sync.systems.defaultSystem },
                  ),
                  client,
                  namespace: config.temporal.namespace,
                  defaultSystem: config.sync.systems.defaultSystem,
                },
                request,
              ),
            intake: createDocumentIntake({
              producer,
              topics: config.kafka.topics,
              rejectedTopic: config.kafka.rejectedTopic,
              quarantine: quarantineStarter(wiring),
              logger: wiring.logger,
              maxDocumentBytes: config.kafka.maxRecordBytes,
              systems: config.sync.systems,
            }),
          },
        }
      : {}),
  });
  return {
    server,
    async close() {
      await server.close();
      await producer?.disconnect();
    },
  };
}
