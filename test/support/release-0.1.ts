import { failureConverterPath, temporalDataConverter } from '../../src/clients/temporal';
import * as path from 'node:path';
import { NativeConnection, bundleWorkflowCode, type Worker } from '@temporalio/worker';
import { createActivityDeps } from '../../src/workers/compose';
import { createSyncWorker } from '../../src/workers/create-worker';
import { installTemporalRuntime } from '../../src/workers/temporal-runtime';
import { logger, type Harness } from './harness';
import { quietLogger } from './quiet-logger';

/** Release 0.1's workflow code, kept verbatim to prove upgrades from it. */
const RELEASE_0_1 = path.resolve(__dirname, '..', 'fixtures', 'release-0.1', 'workflows');

export interface OldWorker {
  worker: Worker;
  /** Shuts the worker down (if it still runs) and closes its connection. */
  stop(): Promise<void>;
}

/** A worker running release 0.1's workflow code with today's activities, on the harness's task queue. */
export async function startRelease01Worker(harness: Harness): Promise<OldWorker> {
  installTemporalRuntime(logger);
  const { code } = await bundleWorkflowCode({
    workflowsPath: RELEASE_0_1,
    failureConverterPath: failureConverterPath(),
    logger: quietLogger,
  });
  const connection = await NativeConnection.connect({ address: harness.config.temporal.address });
  const worker = await createSyncWorker({
    connection,
    namespace: harness.config.temporal.namespace,
    taskQueue: harness.config.temporal.taskQueue,
    deps: createActivityDeps(harness.config, harness.aws),
    workflowBundle: { code },
    dataConverter: temporalDataConverter(harness.config.temporal),
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
    },
  };
}
