import { createRecordStore } from '../../src/activities/record-store';
import { canonicalMaterialNumber } from '../../src/domain';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import {
  discardSignal,
  quarantineStateQuery,
  resubmitSignal,
  type QuarantineState,
} from '../../src/workflows/quarantine-messages';
import type { quarantine } from '../../src/workflows';
import { Harness } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';

jest.setTimeout(120_000);

let harness: Harness;
beforeAll(async () => {
  harness = await Harness.create();
  await harness.startWorker();
  await harness.startIngester();
});
afterAll(async () => {
  await harness.close();
});

/** Produces a record and finds its quarantine workflow by Kafka position (search attributes name the reason). */
async function quarantined(value: string, key: string): Promise<string> {
  const topic = harness.config.kafka.topics.material;
  const before = new Set(await listQuarantined());
  await harness.produce(value, key, topic);
  return waitFor('quarantine workflow', async () => (await listQuarantined()).find((id) => !before.has(id)), {
    timeoutMs: 30_000,
    intervalMs: 500,
  });
}

async function listQuarantined(): Promise<string[]> {
  const ids: string[] = [];
  const query = `SyncStatus = "Quarantined" AND TaskQueue = "${harness.config.temporal.taskQueue}"`;
  for await (const workflow of harness.client.workflow.list({ query })) ids.push(workflow.workflowId);
  return ids;
}

function handle(id: string) {
  return harness.client.workflow.getHandle<typeof quarantine>(id);
}

test('a malformed record is held with its raw content and reason; a corrected resubmit syncs the entity', async () => {
  const matnr = randomMaterialNumber();
  const key = canonicalMaterialNumber(matnr);
  const malformed = materialIdoc({
    matnr,
    docnum: 61,
    serial: '20261121170000',
    description: 'Nuts & bolts',
  });
  const id = await quarantined(malformed, key);
  expect(id).toMatch(
    new RegExp(`^quarantine:${harness.config.kafka.topics.material.replace(/\./g, '\\.')}:\\d+:\\d+$`),
  );

  const state = await handle(id).query(quarantineStateQuery);
  expect(state).toMatchObject({
    status: 'Quarantined',
    reason: { code: 'MALFORMED_XML' },
    payload: malformed,
  });
  expect(state.reason.message).toMatch(/line \d+, column \d+/);
  const description = await handle(id).describe();
  expect(description.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value])).toEqual(
    expect.arrayContaining([['SyncLastError', 'MALFORMED_XML']]),
  );

  // Still broken: refused, stays quarantined with the new reason.
  await handle(id).signal(resubmitSignal, { payload: malformed.replace('Nuts &', 'Nuts <'), by: 'ops' });
  await waitFor(
    'refused resubmit',
    async () => (await handle(id).query(quarantineStateQuery)).attempts.length === 1,
  );
  expect((await handle(id).query(quarantineStateQuery)).status).toBe('Quarantined');

  await handle(id).signal(resubmitSignal, {
    payload: malformed.replace('&', '&amp;'),
    by: 'ops',
    reason: 'escaped &',
  });
  const result: QuarantineState = await handle(id).result();
  expect(result.status).toBe('Resubmitted');
  expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['refused', 'routed']);
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  const stored = await waitFor('resubmitted entity stored', () => store.get('material', key), {
    timeoutMs: 30_000,
  });
  expect(JSON.stringify(stored.data)).toContain('Nuts & bolts');
});

test('discard closes a quarantined record', async () => {
  const id = await quarantined('<MATMAS05><IDOC BEGIN="1"></MATMAS05>', 'garbage');
  await handle(id).signal(discardSignal, { by: 'ops', reason: 'test message' });
  const result = await handle(id).result();
  expect(result).toMatchObject({ status: 'Discarded', discarded: { by: 'ops', reason: 'test message' } });
  expect((await handle(id).describe()).status.name).toBe('COMPLETED');
});
