import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalMaterialNumber } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { stateQuery, type EntitySyncState } from '../../src/workflows/messages';
import { startRelease01Worker } from '../support/release-0.1';
import { Harness } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';
import { idocChange } from '../support/change-signals';

jest.setTimeout(180_000);

let harness: Harness;
beforeEach(async () => {
  harness = await Harness.create({ env: { SYNCHUB_COALESCE: 'none' } });
});
afterEach(async () => {
  await harness.close();
});

test('an entity workflow started by release 0.1 keeps syncing after the upgrade, on the same run', async () => {
  const matnr = randomMaterialNumber();
  const entityKey = canonicalMaterialNumber(matnr);
  const workflowId = entityWorkflowId('material', entityKey);
  // As release 0.1's ingester started runs: without a code revision.
  const signal = harness.signaller({ revision: 0 });
  const send = async (n: number) => {
    const { ref, change } = idocChange(
      materialIdoc({ matnr, docnum: 30_000 + n, serial: `2026112112000${n}`, description: `upgrade ${n}` }),
    );
    await signal(ref, [change]);
    return ref.version;
  };
  const handle = harness.client.workflow.getHandle(workflowId);
  const stateWhen = (predicate: (state: EntitySyncState) => boolean) =>
    waitFor(`state of ${workflowId}`, async () => {
      const state = await handle.query(stateQuery);
      return predicate(state) ? state : undefined;
    });

  // Release 0.1 starts the workflow and applies the first versions.
  const old = await startRelease01Worker(harness);
  for (const n of [1, 2, 3]) await send(n);
  await stateWhen((state) => state.counters.applied === 3);
  const runId = (await handle.describe()).runId;
  await old.stop();

  // The upgrade: the current worker replays that run's history and carries on with it.
  await harness.startWorker();
  let last = '';
  for (const n of [4, 5, 6]) last = await send(n);
  const state = await stateWhen((current) => current.counters.applied === 6);
  expect(state).toMatchObject({ status: 'Synced', lastAppliedVersion: last, counters: { stuck: 0 } });
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  await waitFor('the last version stored and published', async () => {
    const current = await store.get('material', entityKey);
    return current?.version === last && current.publishedVersion === last;
  });
  expect(await store.history('material', entityKey)).toHaveLength(6);
  const description = await handle.describe();
  expect(description.runId).toBe(runId);
  const history = await handle.fetchHistory();
  expect(history.events?.filter((event) => event.workflowTaskFailedEventAttributes)).toEqual([]);
});
