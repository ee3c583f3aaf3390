import { canonicalMaterialNumber } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { stateQuery } from '../../src/workflows/messages';
import { idocChange } from '../support/change-signals';
import { randomMaterialNumber } from '../support/ids';
import { WorkflowHarness } from '../support/workflow-harness';

jest.setTimeout(60_000);

let harness: WorkflowHarness;
beforeEach(async () => {
  harness = await WorkflowHarness.create();
});
afterEach(async () => {
  await harness.close();
});

/** An entity that applied one change and waits (idle timer), and its answer to the Web UI's stack query. */
async function stackTraceOfWaitingEntity(): Promise<{ stack?: string; error?: string }> {
  const matnr = randomMaterialNumber();
  const workflowId = entityWorkflowId('material', canonicalMaterialNumber(matnr));
  const { ref, change } = idocChange(materialIdoc({ matnr, docnum: 1, serial: '20261207110001' }));
  await harness.signaller(60_000)(ref, [change]);
  const handle = harness.client.workflow.getHandle(workflowId);
  await waitFor('the change applied', async () =>
    (await handle.query(stateQuery)).lastAppliedVersion === ref.version ? true : undefined,
  );
  try {
    return { stack: await handle.query<string>('__stack_trace') };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    await handle.terminate('test done');
  }
}

test('SYNCHUB_WORKFLOW_STACK_TRACES=true: the stack trace query shows where the entity waits', async () => {
  await harness.startWorker({ workflowStackTraces: true });
  const { stack, error } = await stackTraceOfWaitingEntity();
  expect(error).toBeUndefined();
  expect(stack).toMatch(/entitySync/);
});

test('by default the worker tracks no promise stacks: the query fails', async () => {
  await harness.startWorker();
  const { stack, error } = await stackTraceOfWaitingEntity();
  expect(stack).toBeUndefined();
  // "Workflow stack traces are not enabled on this worker", encrypted like every failure message.
  expect(error).toBeDefined();
});
