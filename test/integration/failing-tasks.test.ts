import { execFile } from 'node:child_process';
import { failureConverterPath, temporalDataConverter } from '../../src/clients/temporal';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { canonicalMaterialNumber } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { waitFor } from '../../src/util/wait-for';
import { installTemporalRuntime } from '../../src/workers/temporal-runtime';
import { stateQuery } from '../../src/workflows/messages';
import { SyncEntityType } from '../../src/workflows/search-attributes';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { Harness, logger } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';
import { quietLogger } from '../support/quiet-logger';

jest.setTimeout(180_000);

const execFileAsync = promisify(execFile);
const BIN = path.resolve(__dirname, '..', '..', 'bin', 'synchub.js');
const FAILING = path.resolve(__dirname, '..', 'fixtures', 'failing-workflow');

let harness: Harness;
beforeEach(async () => {
  harness = await Harness.create();
});
afterEach(async () => {
  await harness.close();
});

interface Listed {
  workflowId: string;
  workflowType: string;
  attempt: number;
  cause?: string;
  message?: string;
}

function parseLines(stdout: string): Listed[] {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Listed);
}

/** Runs the real CLI; exit 1 (some listed) is an answer, not an error. */
async function failingTasks(): Promise<{ code: number; listed: Listed[] }> {
  try {
    const { stdout } = await execFileAsync(process.execPath, [BIN, 'failing-tasks', '--type', 'material'], {
      env: harness.env,
    });
    return { code: 0, listed: parseLines(stdout) };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, listed: parseLines(failed.stdout) };
  }
}

test('runbook: a workflow whose task keeps failing is listed by synchub failing-tasks, a healthy one is not', async () => {
  // A healthy entity on the real worker.
  await harness.startWorker();
  await harness.startIngester();
  const healthyKey = canonicalMaterialNumber(randomMaterialNumber());
  await harness.produce(materialIdoc({ matnr: healthyKey, docnum: 1, serial: '20261121130000' }), healthyKey);
  const healthy = harness.client.workflow.getHandle(entityWorkflowId('material', healthyKey));
  await waitFor(
    'the healthy entity synced',
    async () => (await healthy.query(stateQuery)).counters.applied === 1,
  );

  // A worker with a bug in its workflow code, on a task queue of its own.
  installTemporalRuntime(logger);
  const taskQueue = `${harness.config.temporal.taskQueue}-broken`;
  const connection = await NativeConnection.connect({ address: harness.config.temporal.address });
  const { code } = await bundleWorkflowCode({
    workflowsPath: FAILING,
    failureConverterPath: failureConverterPath(),
    logger: quietLogger,
  });
  const broken = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { code },
    dataConverter: temporalDataConverter(harness.config.temporal),
  });
  const running = broken.run();
  const brokenKey = canonicalMaterialNumber(randomMaterialNumber());
  const brokenId = entityWorkflowId('material', brokenKey);
  await harness.client.workflow.start('entitySync', {
    workflowId: brokenId,
    taskQueue,
    args: [],
    typedSearchAttributes: [{ key: SyncEntityType, value: 'material' }],
  });
  try {
    const found = await waitFor(
      'the broken workflow listed',
      async () => {
        const result = await failingTasks();
        return result.listed.some((task) => task.workflowId === brokenId) ? result : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 2_000 },
    );
    expect(found.code).toBe(1);
    const listed = found.listed.find((task) => task.workflowId === brokenId);
    expect(listed?.workflowType).toBe('entitySync');
    expect(listed?.cause).toBe('WORKFLOW_WORKER_UNHANDLED_FAILURE');
    expect(listed?.message).toContain('Cannot read properties of undefined');
    // In the history itself the message is encoded, as every failure SyncHub records; the check decoded it.
    const recorded = (await harness.client.workflow.getHandle(brokenId).fetchHistory()).events?.find(
      (event) => event.workflowTaskFailedEventAttributes,
    )?.workflowTaskFailedEventAttributes?.failure;
    expect(recorded?.message).toBe('Encoded failure');
    expect(recorded?.encodedAttributes).toBeTruthy();
    expect(listed?.attempt).toBeGreaterThan(1);
    expect(found.listed.map((task) => task.workflowId)).not.toContain(healthy.workflowId);
  } finally {
    await harness.client.workflow.getHandle(brokenId).terminate('test done');
    broken.shutdown();
    await running;
    await connection.close();
  }
});
