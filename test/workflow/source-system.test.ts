import * as fs from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { canonicalMaterialNumber } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { waitFor } from '../../src/util/wait-for';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { stateQuery, type EntitySyncState } from '../../src/workflows/messages';
import { SyncSourceSystem } from '../../src/workflows/search-attributes';
import type { entitySync } from '../../src/workflows';
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

const serial = (n: number) => `202612011000${String(n).padStart(2, '0')}`;

function handle(workflowId: string) {
  return harness.client.workflow.getHandle<typeof entitySync>(workflowId);
}

async function stateWhen(workflowId: string, predicate: (state: EntitySyncState) => boolean) {
  return waitFor(`workflow state of ${workflowId}`, async () => {
    const state = await handle(workflowId).query(stateQuery);
    return predicate(state) ? state : undefined;
  });
}

/** Writes a run's history when recording golden histories (test/fixtures/histories/README.md). */
async function record(workflowId: string, variable: string): Promise<void> {
  const file = process.env[variable];
  if (file) fs.writeFileSync(file, `${historyToJSON(await handle(workflowId).fetchHistory())}\n`);
}

test('equal keys of two SAP systems are two entities: own workflow, record, dedupKey and attribute', async () => {
  await harness.startWorker();
  const signal = harness.signaller(1_500);
  const matnr = randomMaterialNumber();
  const entityKey = canonicalMaterialNumber(matnr);
  const erp = idocChange(materialIdoc({ matnr, docnum: 1, serial: serial(1), sender: 'S4HCLNT100' }));
  const erp2 = idocChange(materialIdoc({ matnr, docnum: 2, serial: serial(2), sender: 'ECCCLNT200' }));
  await signal({ ...erp.ref, sourceSystem: 'SAP' }, [{ ...erp.change, sourceSystem: 'SAP' }]);
  await signal({ ...erp2.ref, sourceSystem: 'ERP2' }, [{ ...erp2.change, sourceSystem: 'ERP2' }]);

  const defaultId = entityWorkflowId('material', entityKey);
  const otherId = entityWorkflowId('material', entityKey, 'ERP2');
  expect(otherId).toBe(`material@ERP2:${entityKey}`);
  const [defaultResult, otherResult] = await Promise.all([
    handle(defaultId).result(),
    handle(otherId).result(),
  ]);
  expect(defaultResult).toMatchObject({ sourceSystem: 'SAP', lastAppliedVersion: erp.ref.version });
  expect(otherResult).toMatchObject({ sourceSystem: 'ERP2', lastAppliedVersion: erp2.ref.version });

  expect(harness.fakes.records.get(`material#${entityKey}`)).toMatchObject({
    sourceSystem: 'SAP',
    version: erp.ref.version,
  });
  expect(harness.fakes.records.get(`material@ERP2#${entityKey}`)).toMatchObject({
    sourceSystem: 'ERP2',
    version: erp2.ref.version,
  });
  expect(harness.fakes.published.map((p) => p.dedupKey).sort()).toEqual(
    [`material#${entityKey}#${erp.ref.version}`, `material@ERP2#${entityKey}#${erp2.ref.version}`].sort(),
  );
  for (const [id, system] of [
    [defaultId, 'SAP'],
    [otherId, 'ERP2'],
  ] as const) {
    const description = await handle(id).describe();
    expect(description.typedSearchAttributes.get(SyncSourceSystem)).toBe(system);
  }
  await record(otherId, 'SYNCHUB_TEST_RECORD_HISTORY_SOURCE_SYSTEM');
});

test('a run started before SAP systems existed learns its system from a change and shows it', async () => {
  await harness.startWorker();
  const matnr = randomMaterialNumber();
  const entityKey = canonicalMaterialNumber(matnr);
  const workflowId = entityWorkflowId('material', entityKey);
  // As the previous ingester started it: no system in the input, no SyncSourceSystem attribute.
  await harness.client.workflow.start('entitySync', {
    workflowId,
    taskQueue: harness.taskQueue,
    args: [{ entityType: 'material', entityKey, idleTimeoutMs: 1_500 }],
  });
  const before = idocChange(materialIdoc({ matnr, docnum: 1, serial: serial(1) }));
  await handle(workflowId).signal('change', before.change);
  const first = await stateWhen(workflowId, (state) => state.lastAppliedVersion === before.ref.version);
  expect(first.sourceSystem).toBeUndefined();
  // Its record belongs to the default system: the unqualified key, published under the default alias.
  expect(harness.fakes.records.get(`material#${entityKey}`)).toMatchObject({ sourceSystem: 'SAP' });
  expect((await handle(workflowId).describe()).typedSearchAttributes.get(SyncSourceSystem)).toBeUndefined();

  // The upgraded ingester names the system with each change.
  const after = idocChange(materialIdoc({ matnr, docnum: 2, serial: serial(2) }));
  await handle(workflowId).signal('change', { ...after.change, sourceSystem: 'SAP' });
  const result = await handle(workflowId).result();
  expect(result).toMatchObject({ sourceSystem: 'SAP', lastAppliedVersion: after.ref.version });
  expect((await handle(workflowId).describe()).typedSearchAttributes.get(SyncSourceSystem)).toBe('SAP');
  // Set by an upsert behind the patch marker (the marker's data is encrypted: its count is checked).
  const events = (await handle(workflowId).fetchHistory()).events ?? [];
  const upserts = events.filter(
    (event) =>
      event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.SyncSourceSystem,
  );
  expect(upserts).toHaveLength(1);
  const patches = events.filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_patch');
  // lean-entity-sync at the start, then the source-system patch.
  expect(patches).toHaveLength(2);
  await record(workflowId, 'SYNCHUB_TEST_RECORD_HISTORY_SOURCE_SYSTEM_UPGRADE');
});
