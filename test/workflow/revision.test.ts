import * as fs from 'node:fs';
import { temporal } from '@temporalio/proto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { canonicalMaterialNumber } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { stateQuery } from '../../src/workflows/messages';
import { SyncStatusAttribute, SyncVersion } from '../../src/workflows/search-attributes';
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

const serial = (n: number) => `202612071000${String(n).padStart(2, '0')}`;

function handle(workflowId: string, runId?: string) {
  return harness.client.workflow.getHandle<typeof entitySync>(workflowId, runId);
}

type Event = temporal.api.history.v1.IHistoryEvent;

/** Patch markers and `TemporalChangeVersion` upserts: what the lean-path check costs a new run. */
function patchCost(events: Event[]) {
  return {
    markers: events.filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_patch')
      .length,
    changeVersionUpserts: events.filter(
      (event) =>
        event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields
          ?.TemporalChangeVersion,
    ).length,
  };
}

test('a run the ingester starts takes the lean path without a patch marker or TemporalChangeVersion', async () => {
  await harness.startWorker();
  const matnr = randomMaterialNumber();
  const entityKey = canonicalMaterialNumber(matnr);
  const workflowId = entityWorkflowId('material', entityKey);
  const { ref, change } = idocChange(materialIdoc({ matnr, docnum: 1, serial: serial(1) }));
  await harness.signaller(1_500)(ref, [change]);

  const result = await handle(workflowId).result();
  expect(result).toMatchObject({
    status: 'Synced',
    lastAppliedVersion: ref.version,
    counters: { applied: 1 },
  });
  expect(harness.fakes.published.map((p) => p.record.version)).toEqual([ref.version]);
  const history = await handle(workflowId).fetchHistory();
  const events = history.events ?? [];
  expect(patchCost(events)).toEqual({ markers: 0, changeVersionUpserts: 0 });
  // The lean path: the change applied by one local activity, no regular activity.
  expect(
    events.filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity'),
  ).toHaveLength(1);
  expect(events.filter((event) => event.activityTaskScheduledEventAttributes)).toHaveLength(0);
  // It started Synced (an IDoc), so the first task upserts nothing; the version is set when it completes.
  const types = events.map((event) => event.eventType);
  const upserts = events.flatMap((event, index) =>
    event.upsertWorkflowSearchAttributesEventAttributes ? [index] : [],
  );
  expect(upserts).toHaveLength(1);
  expect(upserts[0]).toBeGreaterThan(types.indexOf(temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_FIRED));
  const attributes = (await handle(workflowId).describe()).typedSearchAttributes;
  expect(attributes.get(SyncStatusAttribute)).toBe('Synced');
  expect(attributes.get(SyncVersion)).toBe(ref.version);
  const file = process.env.SYNCHUB_TEST_RECORD_HISTORY_REVISION;
  if (file) fs.writeFileSync(file, `${historyToJSON(history)}\n`);
});

test('a run started as the release before started it asks the patch, and its next run does not', async () => {
  await harness.startWorker();
  const matnr = randomMaterialNumber();
  const entityKey = canonicalMaterialNumber(matnr);
  const workflowId = entityWorkflowId('material', entityKey);
  // As the previous ingester started it: no revision in the input. A small history limit makes it continue
  // as new after a few changes.
  const started = await harness.client.workflow.start('entitySync', {
    workflowId,
    taskQueue: harness.taskQueue,
    args: [{ entityType: 'material', entityKey, idleTimeoutMs: 60_000, maxHistoryEvents: 20 }],
  });
  const versions: string[] = [];
  for (let n = 1; n <= 6; n += 1) {
    const { ref, change } = idocChange(materialIdoc({ matnr, docnum: n, serial: serial(n) }));
    await handle(workflowId).signal('change', change);
    versions.push(ref.version);
    // One at a time, so each is its own local activity on the lean path.
    await waitFor(`version ${n} applied`, async () =>
      (await handle(workflowId).query(stateQuery)).lastAppliedVersion === ref.version ? true : undefined,
    );
  }
  const latest = await handle(workflowId).describe();
  expect(latest.runId).not.toBe(started.firstExecutionRunId);
  expect(harness.fakes.published.map((p) => p.record.version)).toEqual(versions);

  const first = (await handle(workflowId, started.firstExecutionRunId).fetchHistory()).events ?? [];
  // The first run marks the lean path (release 0.1's runs have no marker) ...
  expect(patchCost(first)).toEqual({ markers: 1, changeVersionUpserts: 1 });
  expect(first.filter((event) => event.activityTaskScheduledEventAttributes)).toHaveLength(0);
  // ... and continues as new at the current revision, so the runs after it need no marker.
  expect(first.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
  const next = (await handle(workflowId, latest.runId).fetchHistory()).events ?? [];
  expect(patchCost(next)).toEqual({ markers: 0, changeVersionUpserts: 0 });
});
