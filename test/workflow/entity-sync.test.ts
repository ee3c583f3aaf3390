import * as fs from 'node:fs';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import {
  type IdocRecordSource,
  canonicalMaterialNumber,
  describeIdoc,
  splitIdocDocument,
} from '../../src/domain';
import type { ChangeSignaller } from '../../src/ingest/workflow-signaller';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import {
  operateUpdate,
  pauseSignal,
  resumeSignal,
  resyncSignal,
  skipSignal,
  stateQuery,
  type EntitySyncState,
} from '../../src/workflows/messages';
import type { entitySync } from '../../src/workflows';
import { waitFor } from '../../src/util/wait-for';
import { randomMaterialNumber } from '../support/ids';
import { materialIdoc, type MaterialIdocOptions } from '../../src/tools/matmas-generator';
import { WorkflowHarness } from '../support/workflow-harness';
import { idocChange } from '../support/change-signals';

jest.setTimeout(60_000);

let harness: WorkflowHarness;
beforeEach(async () => {
  harness = await WorkflowHarness.create();
});
afterEach(async () => {
  await harness.close();
});

async function send(signal: ChangeSignaller, options: MaterialIdocOptions | string) {
  const { ref, change } = idocChange(typeof options === 'string' ? options : materialIdoc(options));
  await signal(ref, [change]);
  return ref;
}

function handle(entityKey: string) {
  return harness.client.workflow.getHandle<typeof entitySync>(entityWorkflowId('material', entityKey));
}

async function stateWhen(
  entityKey: string,
  predicate: (state: EntitySyncState) => boolean,
): Promise<EntitySyncState> {
  return waitFor(`workflow state of ${entityKey}`, async () => {
    const state = await handle(entityKey).query(stateQuery);
    return predicate(state) ? state : undefined;
  });
}

const serial = (n: number) => `202611211000${String(n).padStart(2, '0')}`;

test('applies a change: transform, persist, publish once', async () => {
  await harness.startWorker();
  const matnr = randomMaterialNumber();
  const ref = await send(harness.signaller(), { matnr, docnum: 1, serial: serial(1) });
  const state = await stateWhen(ref.entityKey, (s) => s.counters.applied === 1);
  expect(state.lastAppliedVersion).toBe(ref.version);
  expect(state.status).toBe('Synced');
  expect(harness.fakes.published.map((p) => p.dedupKey)).toEqual([
    `material#${ref.entityKey}#${ref.version}`,
  ]);
  expect(harness.fakes.records.get(`material#${ref.entityKey}`)?.publishedVersion).toBe(ref.version);
});

test('a redelivered change is deduplicated: one publish', async () => {
  await harness.startWorker();
  const signal = harness.signaller();
  const options = { matnr: randomMaterialNumber(), docnum: 7, serial: serial(1) };
  const ref = await send(signal, options);
  await send(signal, options);
  const state = await stateWhen(ref.entityKey, (s) => s.counters.received === 2 && s.counters.applied === 1);
  expect(state.counters.duplicates).toBe(1);
  expect(harness.fakes.published).toHaveLength(1);
});

test('changes queued before the worker runs are applied in version order', async () => {
  const signal = harness.signaller();
  const matnr = randomMaterialNumber();
  await send(signal, { matnr, docnum: 30, serial: serial(3) });
  await send(signal, { matnr, docnum: 10, serial: serial(1) });
  const ref = await send(signal, { matnr, docnum: 20, serial: serial(2) });
  await harness.startWorker();
  await stateWhen(ref.entityKey, (s) => s.counters.applied === 3);
  expect(harness.fakes.published.map((p) => (p.record.source as IdocRecordSource).docnum)).toEqual([
    '0000000000000010',
    '0000000000000020',
    '0000000000000030',
  ]);
});

test('an older version arriving after a newer one is skipped and recorded', async () => {
  await harness.startWorker();
  const signal = harness.signaller();
  const matnr = randomMaterialNumber();
  const newer = await send(signal, { matnr, docnum: 200, serial: serial(5), description: 'newer' });
  await stateWhen(newer.entityKey, (s) => s.counters.applied === 1);
  const older = await send(signal, { matnr, docnum: 100, serial: serial(4), description: 'older' });
  const state = await stateWhen(newer.entityKey, (s) => s.counters.skipped === 1);
  expect(state.skipped).toEqual([
    {
      sourceId: older.sourceId,
      version: older.version,
      reason: 'olderThanApplied',
      appliedVersion: newer.version,
    },
  ]);
  expect(state.lastAppliedVersion).toBe(newer.version);
  expect(harness.fakes.records.get(`material#${newer.entityKey}`)?.version).toBe(newer.version);
  expect(harness.fakes.published).toHaveLength(1);
});

test('a document that cannot be transformed leaves the entity Stuck until an operator skips it', async () => {
  await harness.startWorker();
  const signal = harness.signaller();
  const matnr = randomMaterialNumber();
  const good = materialIdoc({ matnr, docnum: 300, serial: serial(1) });
  const [envelope] = splitIdocDocument(good);
  const ref = describeIdoc(envelope!);
  // Routable (control record and key are fine) but the material segment carries an impossible date.
  const broken = envelope!.xml.replace('<ERSDA>20240115</ERSDA>', '<ERSDA>20241399</ERSDA>');
  await signal(ref, [
    {
      sourceId: ref.sourceId,
      version: ref.version,
      format: 'idoc',
      payload: broken,
      receivedAt: new Date().toISOString(),
    },
  ]);
  const stuck = await stateWhen(ref.entityKey, (s) => s.status === 'Stuck');
  expect(stuck.stuck).toMatchObject({
    sourceId: ref.sourceId,
    stage: 'transform',
    failureType: 'SapDocumentInvalid',
  });
  expect(stuck.stuck!.message).toMatch(/ERSDA/);

  // A newer change waits behind the stuck one: nothing is applied out of order.
  const next = await send(signal, { matnr, docnum: 301, serial: serial(2) });
  await stateWhen(ref.entityKey, (s) => s.pendingVersions.includes(next.version));
  expect(harness.fakes.published).toHaveLength(0);

  await handle(ref.entityKey).signal(skipSignal, { by: 'ops', reason: 'bad date from SAP, fixed at source' });
  const after = await stateWhen(
    ref.entityKey,
    (s) => s.status === 'Synced' && s.lastAppliedVersion === next.version,
  );
  expect(after.skipped).toEqual([
    expect.objectContaining({ version: ref.version, reason: 'operatorSkipped' }),
  ]);
  expect(after.operatorActions).toEqual([
    expect.objectContaining({ action: 'skip', by: 'ops', statusBefore: 'Stuck', version: ref.version }),
  ]);
});

test('a fan-out that fails for good is compensated, then completed by an operator retry', async () => {
  harness.fakes.faults.publishFailures = 1;
  await harness.startWorker();
  const matnr = randomMaterialNumber();
  const ref = await send(harness.signaller(), { matnr, docnum: 400, serial: serial(1) });
  const stuck = await stateWhen(ref.entityKey, (s) => s.status === 'Stuck');
  expect(stuck.stuck).toMatchObject({ stage: 'publish', failureType: 'RecordRejected' });
  // The compensation runs after the entity turned Stuck.
  const stored = await waitFor('the fan-out failure recorded', () => {
    const record = harness.fakes.records.get(`material#${ref.entityKey}`);
    return record?.fanOutError ? record : undefined;
  });
  expect(stored.version).toBe(ref.version);
  expect(stored.fanOutError).toMatch(/RecordRejected/);

  const result = await handle(ref.entityKey).executeUpdate(operateUpdate, { args: ['retry', { by: 'ops' }] });
  expect(result).toMatchObject({ action: 'retry', statusBefore: 'Stuck' });
  await stateWhen(ref.entityKey, (s) => s.status === 'Synced' && s.counters.applied === 1);
  expect(harness.fakes.published).toHaveLength(1);
  expect(harness.fakes.records.get(`material#${ref.entityKey}`)?.fanOutError).toBeUndefined();
});

test('operator actions: pause holds changes, resume applies them, resync publishes the current version again', async () => {
  await harness.startWorker();
  const signal = harness.signaller();
  const matnr = randomMaterialNumber();
  const first = await send(signal, { matnr, docnum: 500, serial: serial(1) });
  await stateWhen(first.entityKey, (s) => s.status === 'Synced');

  const refused = await handle(first.entityKey)
    .executeUpdate(operateUpdate, { args: ['skip'] })
    .catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((refused as WorkflowUpdateFailedError).cause?.message).toMatch(/applies to a Stuck sync/);
  await handle(first.entityKey).signal(pauseSignal, { reason: 'downstream maintenance' });
  await stateWhen(first.entityKey, (s) => s.status === 'Paused');
  const second = await send(signal, { matnr, docnum: 501, serial: serial(2) });
  await stateWhen(first.entityKey, (s) => s.pendingVersions.includes(second.version));
  expect(harness.fakes.published).toHaveLength(1);

  await handle(first.entityKey).signal(resumeSignal);
  await stateWhen(first.entityKey, (s) => s.status === 'Synced' && s.lastAppliedVersion === second.version);
  await handle(first.entityKey).signal(resyncSignal);
  await stateWhen(first.entityKey, (s) => s.counters.resynced === 1);
  expect(harness.fakes.published.map((p) => p.record.version)).toEqual([
    first.version,
    second.version,
    second.version,
  ]);
});

test('continues as new before the history grows large, keeping its state', async () => {
  await harness.startWorker();
  const matnr = randomMaterialNumber();
  const entityKey = canonicalMaterialNumber(matnr);
  // A small history limit forces continue-as-new after a few changes.
  const started = await harness.client.workflow.start('entitySync', {
    workflowId: entityWorkflowId('material', entityKey),
    taskQueue: harness.taskQueue,
    args: [{ entityType: 'material', entityKey, idleTimeoutMs: 60_000, maxHistoryEvents: 20 }],
  });
  const signal = harness.signaller();
  const versions: string[] = [];
  for (let n = 1; n <= 8; n += 1)
    versions.push((await send(signal, { matnr, docnum: n, serial: serial(n) })).version);
  const state = await stateWhen(entityKey, (s) => s.lastAppliedVersion === versions.at(-1));
  const run = await handle(entityKey).describe();
  expect(run.runId).not.toBe(started.firstExecutionRunId);
  expect(state.counters.applied).toBe(8);
  expect(harness.fakes.published).toHaveLength(8);
  // A redelivery of an early change after continue-as-new is still recognised.
  await send(signal, { matnr, docnum: 1, serial: serial(1) });
  const after = await stateWhen(entityKey, (s) => s.counters.received >= 9 && s.pendingVersions.length === 0);
  expect(after.counters.applied).toBe(8);
  expect(harness.fakes.published).toHaveLength(8);
});

test('completes after the idle timeout; a later change starts a new run and is not lost', async () => {
  await harness.startWorker();
  const signal = harness.signaller(1_500);
  const matnr = randomMaterialNumber();
  const first = await send(signal, { matnr, docnum: 1, serial: serial(1) });
  const result = await handle(first.entityKey).result();
  expect(result.counters.applied).toBe(1);
  const second = await send(signal, { matnr, docnum: 2, serial: serial(2) });
  await waitFor('second run to apply', async () => {
    try {
      return (await handle(first.entityKey).query(stateQuery)).lastAppliedVersion === second.version;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  });
  expect(harness.fakes.published.map((p) => p.record.version)).toEqual([first.version, second.version]);
});

test('a changes signal: version notices are recorded as superseded, the newest is applied once', async () => {
  await harness.startWorker();
  const signal = harness.signaller(1_500);
  const matnr = randomMaterialNumber();
  const refs = [1, 2, 3].map((n) => {
    const [envelope] = splitIdocDocument(materialIdoc({ matnr, docnum: 600 + n, serial: serial(n) }));
    return { ref: describeIdoc(envelope!), xml: envelope!.xml };
  });
  const fields = (ref: (typeof refs)[number]['ref']) => ({
    sourceId: ref.sourceId,
    version: ref.version,
    format: 'idoc' as const,
    receivedAt: new Date().toISOString(),
  });
  const newest = refs[2]!;
  await signal(newest.ref, [
    { ...fields(refs[0]!.ref), supersededBy: newest.ref.version },
    { ...fields(refs[1]!.ref), supersededBy: newest.ref.version },
    { ...fields(newest.ref), payload: newest.xml },
  ]);
  const result = await handle(newest.ref.entityKey).result();
  expect(result.counters).toMatchObject({ received: 3, applied: 1, superseded: 2, skipped: 0 });
  expect(result.skipped.map((skip) => [skip.version, skip.reason, skip.appliedVersion])).toEqual([
    [refs[0]!.ref.version, 'superseded', newest.ref.version],
    [refs[1]!.ref.version, 'superseded', newest.ref.version],
  ]);
  expect(harness.fakes.published.map((p) => p.record.version)).toEqual([newest.ref.version]);
  // Their audit items were written with the apply call of the newest.
  expect(harness.fakes.superseded.get(`material#${newest.ref.entityKey}`)).toEqual([
    { sourceId: refs[0]!.ref.sourceId, version: refs[0]!.ref.version, supersededBy: newest.ref.version },
    { sourceId: refs[1]!.ref.sourceId, version: refs[1]!.ref.version, supersededBy: newest.ref.version },
  ]);

  const history = await handle(newest.ref.entityKey).fetchHistory();
  const signals = (history.events ?? []).flatMap((event) => {
    const name = event.workflowExecutionSignaledEventAttributes?.signalName;
    return name ? [name] : [];
  });
  expect(signals).toEqual(['changes']);
  if (process.env.SYNCHUB_TEST_RECORD_HISTORY)
    fs.writeFileSync(process.env.SYNCHUB_TEST_RECORD_HISTORY, `${historyToJSON(history)}\n`);
});
