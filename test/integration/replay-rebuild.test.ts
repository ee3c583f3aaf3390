import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalMaterialNumber } from '../../src/domain';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { Harness } from '../support/harness';
import { randomId, randomMaterialNumber } from '../support/ids';

jest.setTimeout(180_000);

const execFileAsync = promisify(execFile);
const BIN = path.resolve(__dirname, '..', '..', 'bin', 'synchub.js');
/** Attributes that record when something was written, not what: they differ after a rebuild by design. */
const WRITE_TIMES = ['storedAt', 'publishedAt', 'gsi1sk'];

let harness: Harness;
afterAll(async () => {
  await harness.close();
});

async function scanTable(): Promise<Map<string, Record<string, unknown>>> {
  const items = new Map<string, Record<string, unknown>>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await harness.aws.documents.send(
      new ScanCommand({
        TableName: harness.config.sync.table,
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) {
      // Claim-checked documents (kept for a while, then expired) are transport, not records.
      if (String(item.pk).startsWith('PAYLOAD#')) continue;
      const content = Object.fromEntries(
        Object.entries(item).filter(([name]) => !WRITE_TIMES.includes(name)),
      );
      items.set(`${String(item.pk)}|${String(item.sk)}`, content);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

async function emptyTable(keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 25) {
    const deletes = keys.slice(i, i + 25).map((key) => {
      const [pk, sk] = key.split('|');
      return { DeleteRequest: { Key: { pk, sk } } };
    });
    await harness.aws.documents.send(
      new BatchWriteCommand({ RequestItems: { [harness.config.sync.table]: deletes } }),
    );
  }
}

test('rebuild: after the table is emptied, a replay from the beginning restores the same items', async () => {
  // Coalescing off: the first sync must store every version, as the rebuild does (a replay never coalesces).
  harness = await Harness.create({
    env: { SYNCHUB_TABLE: `synchub-${randomId()}`, SYNCHUB_COALESCE: 'none' },
  });
  await harness.startWorker();
  await harness.startIngester();
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);

  const materials = Array.from({ length: 5 }, () => randomMaterialNumber());
  const latest = new Map<string, string>();
  for (const [i, matnr] of materials.entries()) {
    const key = canonicalMaterialNumber(matnr);
    const versions = i < 2 ? 2 : 1;
    for (let n = 1; n <= versions; n += 1) {
      await harness.produce(materialIdoc({ matnr, docnum: 10 * i + n, serial: `2026112118000${n}` }), key);
      latest.set(key, `2026112118000${n}.${String(10 * i + n).padStart(16, '0')}`);
    }
  }
  await waitFor(
    'all materials synced',
    async () => {
      const stored = await Promise.all([...latest].map(([key]) => store.get('material', key)));
      return stored.every((record) => record && record.publishedVersion === latest.get(record.entityKey));
    },
    { timeoutMs: 60_000 },
  );

  const before = await scanTable();
  expect(before.size).toBe(5 + 5 + 7); // 5 current items, their 5 published marks and 7 versions
  await emptyTable([...before.keys()]);
  expect((await scanTable()).size).toBe(0);

  const { stdout, stderr } = await execFileAsync(
    process.execPath,
    [BIN, 'replay', '--topic', harness.config.kafka.topics.material, '--from', 'beginning', '--batch', '3'],
    { env: harness.env },
  );
  expect(JSON.parse(stdout)).toMatchObject({ total: 7, read: 7, routed: 7, quarantined: 0, finished: true });
  expect(stderr).toMatch(/\[#{30}\] 100% 7\/7 records/);

  await waitFor(
    'table rebuilt',
    async () => {
      const after = await scanTable();
      return (
        after.size === before.size &&
        [...after.entries()].every(
          ([key, item]) =>
            item.sk !== 'CURRENT' ||
            after.get(key.replace(/\|CURRENT$/, '|PUBLISHED'))?.version === item.version,
        )
      );
    },
    { timeoutMs: 60_000 },
  );
  expect(await scanTable()).toEqual(before);
});
