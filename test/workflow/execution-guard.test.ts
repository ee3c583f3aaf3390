import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { connectClient, failureConverterPath, temporalDataConverter } from '../../src/clients/temporal';
import { loadConfig } from '../../src/config/app-config';
import { waitFor } from '../../src/util/wait-for';
import { installTemporalRuntime } from '../../src/workers/temporal-runtime';
import { logger } from '../support/harness';
import { randomId } from '../support/ids';
import { quietLogger } from '../support/quiet-logger';
import { testStackEnv } from '../support/test-env';

/*
 * SYNCHUB_WORKFLOW_EXECUTION_GUARD_MS becomes the SDK's isolateExecutionTimeout. The SDK passes it to Node's
 * vm as `timeout` on every call into the workflow sandbox, and Node refuses 0 there; SyncHub's patch of the
 * SDK (patches/@temporalio+worker+*.patch) makes 0 mean "no timeout". Both sides are run here: 0 lets a long
 * activation finish, a limit still fails the task of one that runs past it.
 */

const BUSY = path.resolve(__dirname, '..', 'fixtures', 'busy-workflow');
// About a second of computing in one activation on the development machine; more under load.
const ITERATIONS = 150_000_000;

const config = loadConfig(testStackEnv());
let client: Client;
let code: string;

beforeAll(async () => {
  installTemporalRuntime(logger);
  client = await connectClient(config.temporal);
  ({ code } = await bundleWorkflowCode({
    workflowsPath: BUSY,
    failureConverterPath: failureConverterPath(),
    logger: quietLogger,
  }));
});

afterAll(async () => {
  await client.connection.close();
});

async function withWorker<T>(guardMs: number, run: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = randomId('guard');
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { code },
    dataConverter: temporalDataConverter(config.temporal),
    isolateExecutionTimeout: guardMs,
  });
  const running = worker.run();
  try {
    return await run(taskQueue);
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}

test('guard 0: an activation that computes for a long time completes', async () => {
  const result = await withWorker(0, (taskQueue) =>
    client.workflow.execute<(iterations: number) => Promise<number>>('busy', {
      workflowId: randomId('busy'),
      taskQueue,
      args: [ITERATIONS],
      workflowTaskTimeout: '60s',
    }),
  );
  expect(typeof result).toBe('number');
});

test('guard 100 ms: the same activation fails its workflow task with the timeout', async () => {
  await withWorker(100, async (taskQueue) => {
    const handle = await client.workflow.start('busy', {
      workflowId: randomId('busy'),
      taskQueue,
      args: [ITERATIONS],
    });
    try {
      const failure = await waitFor(
        'a failed workflow task',
        async () => {
          const history = await handle.fetchHistory();
          return history.events?.find((event) => event.workflowTaskFailedEventAttributes)
            ?.workflowTaskFailedEventAttributes;
        },
        { timeoutMs: 60_000 },
      );
      // Encoded (and encrypted) like every failure SyncHub records.
      const error = await decodeOptionalFailureToOptionalError(
        client.options.loadedDataConverter,
        failure?.failure,
      );
      expect(error?.message).toMatch(/timed out/i);
    } finally {
      await handle.terminate('test done');
    }
  });
});
