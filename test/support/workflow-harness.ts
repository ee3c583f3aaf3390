import type { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { connectClient, temporalDataConverter } from '../../src/clients/temporal';
import { loadConfig } from '../../src/config/app-config';
import { createChangeSignaller, type ChangeSignaller } from '../../src/ingest/workflow-signaller';
import { createSyncWorker } from '../../src/workers/create-worker';
import { installTemporalRuntime } from '../../src/workers/temporal-runtime';
import { createFakeDeps } from './fake-deps';
import { logger } from './harness';
import { randomId } from './ids';
import { testStackEnv, workflowBundlePath } from './test-env';

/** The real Temporal dev server with in-memory store and publisher: orchestration logic under test. */
export class WorkflowHarness {
  readonly fakes = createFakeDeps();
  readonly taskQueue = randomId('wf');
  private running?: { worker: Worker; done: Promise<void>; connection: NativeConnection };

  private constructor(readonly client: Client) {}

  static async create(): Promise<WorkflowHarness> {
    installTemporalRuntime(logger);
    const config = loadConfig(testStackEnv());
    return new WorkflowHarness(await connectClient(config.temporal));
  }

  signaller(idleTimeoutMs = 60_000): ChangeSignaller {
    return createChangeSignaller(this.client, { taskQueue: this.taskQueue, idleTimeoutMs });
  }

  /** `workflowStackTraces`: as SYNCHUB_WORKFLOW_STACK_TRACES (default off). */
  async startWorker(options: { workflowStackTraces?: boolean } = {}): Promise<void> {
    const config = loadConfig(testStackEnv());
    const connection = await NativeConnection.connect({ address: config.temporal.address });
    const worker = await createSyncWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: this.taskQueue,
      deps: this.fakes.deps,
      workflowBundle: { codePath: workflowBundlePath() },
      dataConverter: temporalDataConverter(config.temporal),
      ...options,
    });
    this.running = { worker, done: worker.run(), connection };
  }

  async close(): Promise<void> {
    if (this.running) {
      this.running.worker.shutdown();
      await this.running.done;
      await this.running.connection.close();
    }
    await this.client.connection.close();
  }
}
