/**
 * The one place where SyncHub's parts are put together from the parsed configuration: the service
 * (`run-service.ts`), the test harness and the bench all wire themselves through these functions, so what
 * they run is what ships.
 */
import type { Client } from '@temporalio/client';
import type { Kafka } from 'kafkajs';
import type { ActivityDeps } from '../activities';
import { createChangePublisher } from '../adapters/change-publisher';
import { createPayloadStore } from '../adapters/payload-store';
import { createRecordStore } from '../adapters/record-store';
import { createSapODataClient } from '../adapters/sap-odata-client';
import type { AwsClients } from '../clients/aws';
import type { AppConfig } from '../config/app-config';
import { createDocumentRouter } from '../ingest/document-router';
import { createIngester, type Ingester, type IngesterSettings } from '../ingest/ingester';
import { createQuarantineStarter } from '../ingest/quarantine-starter';
import { createChangeSignaller, type ChangeSignaller } from '../ingest/workflow-signaller';
import type { Logger } from '../logger';
import type { SyncWorkerOptions } from './create-worker';

/** Partitions whose batches run at once; `maxInFlight` bounds the records across them. */
const PARTITIONS_CONSUMED_CONCURRENTLY = 8;

/** What every process has: its configuration and its clients. */
export interface Wiring {
  config: AppConfig;
  aws: AwsClients;
  client: Client;
}

/** The adapters the activities use: DynamoDB stores, SNS publisher and, when configured, SAP's OData API. */
export function createActivityDeps(config: AppConfig, aws: AwsClients): ActivityDeps {
  return {
    store: createRecordStore(aws.documents, config.sync.table),
    publisher: createChangePublisher(aws.sns, config.sync.snsTopicArn),
    payloads: createPayloadStore(aws.documents, config.sync.table),
    ...(config.sap.odataUrl
      ? {
          odata: createSapODataClient({
            baseUrl: config.sap.odataUrl,
            username: config.sap.username,
            password: config.sap.password,
            apiKey: config.sap.apiKey,
            timeoutMs: config.sap.timeoutMs,
          }),
        }
      : {}),
  };
}

/** Starts an entity's workflow if needed and hands it a change. */
export function composeSignaller({ config, client }: Wiring): ChangeSignaller {
  return createChangeSignaller(client, {
    taskQueue: config.temporal.taskQueue,
    idleTimeoutMs: config.sync.idleTimeoutMs,
    retryBudgetMs: config.sync.retryBudgetMs,
    retryingAfterMs: config.sync.retryingAfterMs,
    coalesce: config.sync.coalesce,
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
  wiring: Wiring & { historyKafka: Kafka; signal?: ChangeSignaller },
): ActivityDeps {
  const { config, aws } = wiring;
  const signal = wiring.signal ?? composeSignaller(wiring);
  const payloads = createPayloadStore(aws.documents, config.sync.table);
  return {
    ...createActivityDeps(config, aws),
    router: createDocumentRouter({ signal, payloads, claimCheckBytes: config.sync.claimCheckBytes }),
    history: {
      kafka: wiring.historyKafka,
      router: createDocumentRouter({
        signal,
        payloads,
        claimCheckBytes: config.sync.claimCheckBytes,
        replay: true,
      }),
      quarantine: quarantineStarter(wiring),
    },
  };
}

/** The worker's tuning from the configuration (concurrency, a pre-built workflow bundle). */
export function workerTuning(config: AppConfig): Partial<SyncWorkerOptions> {
  return {
    maxConcurrentActivities: config.temporal.maxConcurrentActivities,
    maxConcurrentWorkflowTasks: config.temporal.maxConcurrentWorkflowTasks,
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
  };
}

/** Kafka in: the ingester with its signaller, claim-check store and quarantine. */
export function composeIngester(
  wiring: Wiring & {
    kafka: Kafka;
    logger: Logger;
    signal?: ChangeSignaller;
    settings?: Partial<IngesterSettings>;
  },
): Ingester {
  const { config, aws } = wiring;
  return createIngester({
    kafka: wiring.kafka,
    payloads: createPayloadStore(aws.documents, config.sync.table),
    signal: wiring.signal ?? composeSignaller(wiring),
    quarantine: quarantineStarter(wiring),
    settings: { ...ingesterSettings(config), ...wiring.settings },
    logger: wiring.logger,
  });
}
