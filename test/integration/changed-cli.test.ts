import { createRecordStore, type StoredRecord } from '../../src/adapters/record-store';
import { createAwsClients } from '../../src/clients/aws';
import { loadConfig } from '../../src/config/app-config';
import { transformIdoc } from '../../src/domain';
import { ensureTable } from '../../src/provision/aws';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { runSynchub } from '../support/cli';
import { randomId } from '../support/ids';
import { testStackEnv } from '../support/test-env';

jest.setTimeout(300_000);

const COUNT = 600;
// A table of its own: exactly the records this test writes.
const env = testStackEnv({ SYNCHUB_TABLE: `synchub-${randomId()}` });
const config = loadConfig(env);
const aws = createAwsClients(config.aws);
const since = new Date().toISOString();
let full: string[];

beforeAll(async () => {
  await ensureTable(aws, config.sync.table);
  const store = createRecordStore(aws.documents, config.sync.table);
  // Written the way the worker writes them: the versioned persist, then the publish mark.
  const prefix = randomId('CH');
  let next = 0;
  const writer = async () => {
    for (let i = next++; i < COUNT; i = next++) {
      const record = transformIdoc(
        materialIdoc({ matnr: `${prefix}-${i}`, docnum: i + 1, serial: '20261121100000' }),
      );
      await store.persist(record, new Date().toISOString());
      await store.markPublished('material', record.entityKey, record.version, new Date().toISOString());
    }
  };
  await Promise.all(Array.from({ length: 4 }, writer));

  const listed = await runSynchub(['changed', 'material', '--since', since], { env, timeoutMs: 240_000 });
  expect(listed.stderr).toBe('');
  expect(listed.code).toBe(0);
  full = listed.stdout.trimEnd().split('\n');
});
afterAll(() => aws.destroy());

test('changed prints every record changed since the time, oldest change first, without storage keys', () => {
  expect(full).toHaveLength(COUNT);
  const records = full.map((line) => JSON.parse(line) as StoredRecord & Record<string, unknown>);
  expect(new Set(records.map((record) => record.entityKey)).size).toBe(COUNT);
  const storedAt = records.map((record) => record.storedAt);
  expect(storedAt).toEqual([...storedAt].sort());
  expect(storedAt[0]! >= since).toBe(true);
  for (const record of records) {
    expect(record).toMatchObject({ entityType: 'material', publishedVersion: record.version });
    expect(Object.keys(record).filter((name) => ['pk', 'sk', 'gsi1pk', 'gsi1sk'].includes(name))).toEqual([]);
  }
});

test('--limit prints the first n records only', async () => {
  const limited = await runSynchub(['changed', 'material', '--since', since, '--limit', '75'], { env });
  expect(limited).toMatchObject({ code: 0, stderr: '' });
  expect(limited.stdout.trimEnd().split('\n')).toEqual(full.slice(0, 75));
});

test('a --limit that is not a whole number of at least 1 is refused', async () => {
  for (const value of ['0', '-3', '1.5', 'ten']) {
    const refused = await runSynchub(['changed', 'material', '--since', since, '--limit', value], { env });
    expect(refused).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `synchub: --limit: expected a whole number of at least 1, got "${value}"\n`,
    });
  }
});

test('piped into a reader that stops after one line (| head -1): exit 0, no stack trace', async () => {
  // The listing is many times what a pipe buffers (64 KiB): the command is still writing when the reader goes.
  expect(full.join('\n').length).toBeGreaterThan(512 * 1024);
  const early = await runSynchub(['changed', 'material', '--since', since], { env, lines: 1 });
  expect(early.stderr).toBe('');
  expect(early).toMatchObject({ code: 0, signal: null });
  expect(early.stdout).toBe(`${full[0]}\n`);
});
