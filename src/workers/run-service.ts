import type { NativeConnection } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createPayloadStore } from '../adapters/payload-store';
import { createActivityDeps } from './activity-deps';
import { createAwsClients } from '../clients/aws';
import { createKafka } from '../clients/kafka';
import { connectClient, connectWorker } from '../clients/temporal';
import type { AppConfig } from '../config/app-config';
import { createIngester, type Ingester } from '../ingest/ingester';
import { createDocumentRouter } from '../ingest/document-router';
import { createQuarantineStarter } from '../ingest/quarantine-starter';
import { createChangeSignaller } from '../ingest/workflow-signaller';
import type { Logger } from '../logger';
import { createSyncWorker } from './create-worker';
import { onShutdownSignal } from './shutdown';
import { installTemporalRuntime } from './temporal-runtime';
import { ingesterSettings } from './ingester-settings';

export interface ServiceRoles {
  worker: boolean;
  ingester: boolean;
}

/**
 * Runs the worker and/or the ingester until SIGINT/SIGTERM, then stops the ingester first (no new signals),
 * lets the worker finish in-flight tasks, and closes every connection.
 */
export async function runService(config: AppConfig, roles: ServiceRoles, logger: Logger): Promise<void> {
  // Only a worker needs the SDK's native runtime; an ingester-only process would be kept alive by it.
  if (roles.worker) installTemporalRuntime(logger);
  const aws = createAwsClients(config.aws);
  let workerConnection: NativeConnection | undefined;
  let client: Client | undefined;
  let ingester: Ingester | undefined;
  try {
    const running: Promise<void>[] = [];
    let shutdownWorker: (() => void) | undefined;
    // Installed before anything starts, so a signal during start-up (e.g. while Kafka is unreachable) is a
    // graceful shutdown too.
    let shuttingDown = false;
    let release: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      release = resolve;
    });
    const dispose = onShutdownSignal(logger, async () => {
      shuttingDown = true;
      if (ingester) await ingester.stop();
      shutdownWorker?.();
      await Promise.all(running);
      release();
    });
    client = await connectClient(config.temporal);
    const signal = createChangeSignaller(client, {
      taskQueue: config.temporal.taskQueue,
      idleTimeoutMs: config.sync.idleTimeoutMs,
      retryBudgetMs: config.sync.retryBudgetMs,
      retryingAfterMs: config.sync.retryingAfterMs,
      coalesce: config.sync.coalesce,
    });
    const payloads = createPayloadStore(aws.documents, config.sync.table);
    const quarantineClaimCheck = { payloads, thresholdBytes: config.sync.claimCheckBytes };
    if (roles.worker && !shuttingDown) {
      workerConnection = await connectWorker(config.temporal);
      const worker = await createSyncWorker({
        connection: workerConnection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        deps: {
          ...createActivityDeps(config, aws),
          router: createDocumentRouter({ signal, payloads, claimCheckBytes: config.sync.claimCheckBytes }),
          history: {
            kafka: createKafka(config.kafka, logger, '-replay'),
            router: createDocumentRouter({
              signal,
              payloads,
              claimCheckBytes: config.sync.claimCheckBytes,
              replay: true,
            }),
            quarantine: createQuarantineStarter(client, config.temporal.taskQueue, quarantineClaimCheck),
          },
        },
        maxConcurrentActivities: config.temporal.maxConcurrentActivities,
        maxConcurrentWorkflowTasks: config.temporal.maxConcurrentWorkflowTasks,
        ...(config.temporal.workflowBundlePath
          ? { workflowBundle: { codePath: config.temporal.workflowBundlePath } }
          : {}),
      });
      if (!shuttingDown) {
        shutdownWorker = () => worker.shutdown();
        running.push(worker.run());
      }
      logger.info(
        { taskQueue: config.temporal.taskQueue, address: config.temporal.address },
        'worker running',
      );
    }
    if (roles.ingester && !shuttingDown) {
      ingester = createIngester({
        kafka: createKafka(config.kafka, logger),
        payloads,
        signal,
        quarantine: createQuarantineStarter(client, config.temporal.taskQueue, quarantineClaimCheck),
        settings: ingesterSettings(config),
        logger,
      });
      if (!shuttingDown) await ingester.start();
    }
    // An ingester-only process has nothing in `running`: it lives until a shutdown signal.
    await (running.length > 0 ? Promise.race([stopped, Promise.all(running)]) : stopped);
    dispose();
    logger.info('stopped');
  } finally {
    await client?.connection.close();
    await workerConnection?.close();
    aws.destroy();
  }
}
