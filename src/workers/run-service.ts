import type { NativeConnection } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createAwsClients } from '../clients/aws';
import { createKafka } from '../clients/kafka';
import { connectClient, connectWorker } from '../clients/temporal';
import type { AppConfig } from '../config/app-config';
import type { Ingester } from '../ingest/ingester';
import type { Logger } from '../logger';
import { composeIngester, composeSignaller, composeWorkerDeps, workerTuning } from './compose';
import { createSyncWorker } from './create-worker';
import { onShutdownSignal } from './shutdown';
import { installTemporalRuntime } from './temporal-runtime';

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
    const wiring = { config, aws, client };
    const signal = composeSignaller(wiring);
    if (roles.worker && !shuttingDown) {
      workerConnection = await connectWorker(config.temporal);
      const worker = await createSyncWorker({
        connection: workerConnection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        deps: composeWorkerDeps({
          ...wiring,
          signal,
          historyKafka: createKafka(config.kafka, logger, '-replay'),
        }),
        ...workerTuning(config),
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
      ingester = composeIngester({ ...wiring, signal, kafka: createKafka(config.kafka, logger), logger });
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
