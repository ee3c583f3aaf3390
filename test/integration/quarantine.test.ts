import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRecordStore } from '../../src/adapters/record-store';
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
import { temporalCli } from '../support/cli';
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
    async () => (await handle(id).query(quarantineStateQuery)).attempts?.length === 1,
  );
  expect((await handle(id).query(quarantineStateQuery)).status).toBe('Quarantined');

  await handle(id).signal(resubmitSignal, {
    payload: malformed.replace('&', '&amp;'),
    by: 'ops',
    reason: 'escaped &',
  });
  const result: QuarantineState = await handle(id).result();
  expect(result.status).toBe('Resubmitted');
  expect(result.attempts?.map((attempt) => attempt.outcome)).toEqual(['refused', 'routed']);
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

/** Names of the state's fields as the README's runbook documents them (its table under "Quarantined records"). */
function documentedStateFields(): string[] {
  const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('### Quarantined records'),
    readme.indexOf('### Replay and rebuild'),
  );
  return [...section.matchAll(/^\| `(\w+)` +\|/gm)].map((match) => match[1]!);
}

/** Paths of the null values in a JSON value. */
function nullPaths(value: unknown, at = '$'): string[] {
  if (value === null) return [at];
  if (typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, inner]) => nullPaths(inner, `${at}.${name}`));
}

/** The state as an operator reads it: the `temporal` CLI's query, as the runbook shows. */
async function operatorState(id: string): Promise<Record<string, unknown>> {
  const output = await temporalCli(harness.config, [
    'workflow',
    'query',
    '--workflow-id',
    id,
    '--type',
    'state',
    '--output',
    'json',
  ]);
  return (JSON.parse(output) as { queryResult: [Record<string, unknown>] }).queryResult[0];
}

test('the state query has the documented shape: fields that do not apply are left out, never null', async () => {
  const documented = documentedStateFields();
  expect(documented).toEqual([
    'status',
    'origin',
    'reason',
    'payload',
    'payloadEncoding',
    'payloadRef',
    'attempts',
    'discarded',
  ]);
  const matnr = randomMaterialNumber();
  const key = canonicalMaterialNumber(matnr);
  const malformed = materialIdoc({
    matnr,
    docnum: 62,
    serial: '20261121170500',
    description: 'Nuts & bolts',
  });
  const id = await quarantined(malformed, key);

  // Never resubmitted: no attempts field at all.
  const held = await operatorState(id);
  expect(nullPaths(held)).toEqual([]);
  expect(Object.keys(held).sort()).toEqual(['origin', 'payload', 'reason', 'status']);
  expect(held).toMatchObject({
    status: 'Quarantined',
    origin: { topic: harness.config.kafka.topics.material, key },
    reason: { code: 'MALFORMED_XML' },
    payload: malformed,
  });
  expect(Object.keys(held.origin as object).sort()).toEqual(['key', 'offset', 'partition', 'topic']);
  expect(Object.keys(held.reason as object).sort()).toEqual(['code', 'message']);

  // A refused resubmission: one attempt with its outcome and message.
  await handle(id).signal(resubmitSignal, { payload: malformed.replace('Nuts &', 'Nuts <'), by: 'ops' });
  const refused = await waitFor('refused resubmission', async () => {
    const state = await operatorState(id);
    return state.attempts !== undefined ? state : undefined;
  });
  expect(nullPaths(refused)).toEqual([]);
  expect(Object.keys(refused).sort()).toEqual(['attempts', 'origin', 'payload', 'reason', 'status']);
  expect(refused.attempts).toEqual([
    { by: 'ops', outcome: 'refused', message: expect.stringMatching(/^MALFORMED_XML: /) as string },
  ]);

  // Discarded: the closed workflow still answers, with what the discard said.
  await handle(id).signal(discardSignal, { by: 'ops', reason: 'cannot be corrected' });
  await handle(id).result();
  const discarded = await operatorState(id);
  expect(nullPaths(discarded)).toEqual([]);
  expect(discarded).toMatchObject({
    status: 'Discarded',
    discarded: { by: 'ops', reason: 'cannot be corrected' },
  });
  for (const state of [held, refused, discarded]) {
    expect(Object.keys(state).filter((name) => !documented.includes(name))).toEqual([]);
  }
});
