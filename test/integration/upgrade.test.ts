import * as path from 'node:path';
import { NativeConnection, bundleWorkflowCode, type Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { createRecordStore } from '../../src/activities/record-store';
import { canonicalMaterialNumber, describeIdoc, splitIdocDocument } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { createActivityDeps } from '../../src/workers/activity-deps';
import { createSyncWorker } from '../../src/workers/create-worker';
import { installTemporalRuntime } from '../../src/workers/temporal-runtime';
import { Harness, logger } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';
import { quietLogger } from '../support/quiet-logger';

jest.setTimeout(600_000);

const VERSIONS = 700;
const RELEASE_0_1 = path.resolve(__dirname, '..', 'fixtures', 'release-0.1', 'workflows');
const TOO_LARGE =
  temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_GRPC_MESSAGE_TOO_LARGE;

let harness: Harness;
beforeEach(async () => {
  harness = await Harness.create({ env: { SYNCHUB_COALESCE: 'none' } });
});
afterEach(async () => {
  await harness.close();
});

async function release01Worker(): Promise<{
  worker: Worker;
  running: Promise<void>;
  connection: NativeConnection;
}> {
  installTemporalRuntime(logger);
  const { code } = await bundleWorkflowCode({ workflowsPath: RELEASE_0_1, logger: quietLogger });
  const connection = await NativeConnection.connect({ address: harness.config.temporal.address });
  const worker = await createSyncWorker({
    connection,
    namespace: harness.config.temporal.namespace,
    taskQueue: harness.config.temporal.taskQueue,
    deps: createActivityDeps(harness.config, harness.aws),
    workflowBundle: { code },
  });
  return { worker, running: worker.run(), connection };
}

const serial = (n: number) =>
  `2026112111${String(Math.floor(n / 60)).padStart(2, '0')}${String(n % 60).padStart(2, '0')}`;

test('an entity wedged by a burst under release 0.1 syncs again after the upgrade, nothing lost', async () => {
  const matnr = randomMaterialNumber();
  const entityKey = canonicalMaterialNumber(matnr);
  const workflowId = entityWorkflowId('material', entityKey);
  const old = await release01Worker();

  // A burst of realistic MATMAS versions, signalled as the ingester does (inline documents).
  const signal = harness.signaller();
  const changes = Array.from({ length: VERSIONS }, (_, index) => {
    const [envelope] = splitIdocDocument(
      materialIdoc({ matnr, docnum: 20_000 + index, serial: serial(index), plants: 10 }),
    );
    return { ref: describeIdoc(envelope!), xml: envelope!.xml };
  });
  for (let start = 0; start < VERSIONS; start += 20) {
    await Promise.all(
      changes.slice(start, start + 20).map(({ ref, xml }) =>
        signal(ref, {
          sourceId: ref.sourceId,
          version: ref.version,
          format: 'idoc',
          payload: xml,
          receivedAt: new Date().toISOString(),
        }),
      ),
    );
  }

  // Release 0.1 wedges: the task that would continue as new carries every waiting document.
  const handle = harness.client.workflow.getHandle(workflowId);
  const wedgedRunId = (await handle.describe()).runId;
  await waitFor(
    'the release 0.1 run wedged by an oversized continue-as-new',
    async () => {
      const history = await harness.client.workflow.getHandle(workflowId, wedgedRunId).fetchHistory();
      return history.events?.some((event) => event.workflowTaskFailedEventAttributes?.cause === TOO_LARGE);
    },
    { timeoutMs: 300_000, intervalMs: 2_000 },
  );
  old.worker.shutdown();
  await old.running;
  await old.connection.close();

  // The upgrade: the current worker takes over the same task queue.
  await harness.startWorker();
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  const last = changes.at(-1)!.ref.version;
  await waitFor(
    'the last version stored and published after the upgrade',
    async () => {
      const current = await store.get('material', entityKey);
      return current?.version === last && current.publishedVersion === last;
    },
    { timeoutMs: 300_000, intervalMs: 2_000 },
  );
  expect(await store.history('material', entityKey)).toHaveLength(VERSIONS);

  // The wedged run continued as new (small), and no run failed a task after the upgrade.
  const wedged = await harness.client.workflow.getHandle(workflowId, wedgedRunId).describe();
  expect(wedged.status.name).toBe('CONTINUED_AS_NEW');
  for await (const execution of harness.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    if (execution.runId === wedgedRunId) continue;
    const history = await harness.client.workflow.getHandle(workflowId, execution.runId).fetchHistory();
    expect(history.events?.filter((event) => event.workflowTaskFailedEventAttributes)).toEqual([]);
  }
});
