import { createRecordStore } from '../../src/adapters/record-store';
import { createAwsClients } from '../../src/clients/aws';
import { loadConfig } from '../../src/config/app-config';
import type { IdocRecordSource, CanonicalRecord } from '../../src/domain';
import { randomId } from '../support/ids';
import { testStackEnv } from '../support/test-env';

const config = loadConfig(testStackEnv());
const aws = createAwsClients(config.aws);
const store = createRecordStore(aws.documents, config.sync.table);
afterAll(() => aws.destroy());

function record(entityKey: string, version: string, docnum: string): CanonicalRecord {
  return {
    entityType: 'customer',
    entityKey,
    version,
    changeType: 'upsert',
    deleted: false,
    source: { format: 'idoc', idocType: 'DEBMAS07', messageType: 'DEBMAS', docnum },
    data: { name: `version ${version}` },
  };
}

const v = (n: number) => `2026112112000${n}.000000000000000${n}`;

test('versions are applied once, never backwards, and each is traceable to its source document', async () => {
  const key = randomId('C');
  expect(await store.persist(record(key, v(2), '2'), '2026-11-21T12:00:02.000Z')).toEqual({
    status: 'applied',
    version: v(2),
  });
  expect(await store.persist(record(key, v(2), '2'), '2026-11-21T12:00:03.000Z')).toEqual({
    status: 'alreadyApplied',
    version: v(2),
    published: false,
  });
  expect(await store.persist(record(key, v(1), '1'), '2026-11-21T12:00:04.000Z')).toEqual({
    status: 'stale',
    version: v(1),
    storedVersion: v(2),
  });
  await store.markPublished('customer', key, v(2), '2026-11-21T12:00:05.000Z');
  expect(await store.persist(record(key, v(2), '2'), '2026-11-21T12:00:06.000Z')).toMatchObject({
    status: 'alreadyApplied',
    published: true,
  });
  expect(await store.persist(record(key, v(3), '3'), '2026-11-21T12:00:07.000Z')).toMatchObject({
    status: 'applied',
  });

  const current = await store.get('customer', key);
  expect(current).toMatchObject({ version: v(3), data: { name: `version ${v(3)}` } });
  expect(current).not.toHaveProperty('pk');

  const history = await store.history('customer', key);
  expect(history.map((item) => [item.version, (item.source as IdocRecordSource).docnum])).toEqual([
    [v(2), '2'],
    [v(3), '3'],
  ]);
});

test('the entities of a type changed since a time come from the secondary index', async () => {
  const before = randomId('B');
  const after = randomId('A');
  await store.persist(record(before, v(1), '11'), '2020-01-01T00:00:00.000Z');
  const since = new Date(Date.now() - 1000).toISOString();
  await store.persist(record(after, v(1), '12'), new Date().toISOString());

  const changed = [];
  for await (const page of store.changedSince('customer', since)) changed.push(...page);
  const keys = changed.map((item) => item.entityKey);
  expect(keys).toContain(after);
  expect(keys).not.toContain(before);
  expect(changed.every((item) => item.entityType === 'customer' && item.storedAt >= since)).toBe(true);
});

describe('writes of CURRENT that arrive together', () => {
  /** A store on clients of its own, with the DynamoDB operations it sends. */
  function countingStore(options: { transactCurrentWrites?: boolean } = {}) {
    const clients = createAwsClients(config.aws);
    const operations: string[] = [];
    clients.documents.middlewareStack.add(
      (next, context) => (args) => {
        operations.push(String(context.commandName).replace(/Command$/, ''));
        return next(args);
      },
      { step: 'initialize', name: 'countOperations' },
    );
    return {
      store: createRecordStore(clients.documents, config.sync.table, options),
      operations,
      destroy: () => clients.destroy(),
    };
  }

  test('share one transaction, each guarded by its own version', async () => {
    const { store: counted, operations, destroy } = countingStore();
    try {
      const keys = [randomId('T'), randomId('T'), randomId('T'), randomId('T')];
      const outcomes = await Promise.all(
        keys.map((key, index) =>
          counted.putCurrent(record(key, v(1 + index), `${index}`), new Date().toISOString()),
        ),
      );
      expect(outcomes).toEqual(keys.map((_key, index) => ({ status: 'applied', version: v(1 + index) })));
      expect(operations).toEqual(['TransactWriteItems']);
      for (const [index, key] of keys.entries())
        expect(await store.get('customer', key)).toMatchObject({ version: v(1 + index) });
    } finally {
      destroy();
    }
  });

  test('a stale or repeated version among them does not hold the others back', async () => {
    const { store: counted, operations, destroy } = countingStore();
    try {
      const [newer, repeated, fresh1, fresh2] = [randomId('S'), randomId('R'), randomId('F'), randomId('F')];
      await store.putCurrent(record(newer, v(5), '5'), '2026-11-21T12:00:05.000Z');
      await store.putCurrent(record(repeated, v(3), '3'), '2026-11-21T12:00:03.000Z');
      const at = new Date().toISOString();
      const outcomes = await Promise.all([
        counted.putCurrent(record(fresh1, v(1), '1'), at),
        counted.putCurrent(record(newer, v(4), '4'), at),
        counted.putCurrent(record(repeated, v(3), '3'), at),
        counted.putCurrent(record(fresh2, v(2), '2'), at),
      ]);
      expect(outcomes).toEqual([
        { status: 'applied', version: v(1) },
        { status: 'stale', version: v(4), storedVersion: v(5) },
        {
          status: 'alreadyApplied',
          version: v(3),
          published: false,
          storedAt: '2026-11-21T12:00:03.000Z',
        },
        { status: 'applied', version: v(2) },
      ]);
      // The cancelled transaction, then the two writes whose guards held, each on its own.
      expect(operations.filter((name) => name !== 'BatchGetItem')).toEqual([
        'TransactWriteItems',
        'PutItem',
        'PutItem',
      ]);
      expect(await store.get('customer', newer)).toMatchObject({ version: v(5) });
      expect(await store.get('customer', fresh1)).toMatchObject({ version: v(1) });
      expect(await store.get('customer', fresh2)).toMatchObject({ version: v(2) });
    } finally {
      destroy();
    }
  });

  test('VERSION items, published marks and superseded versions of several entities share a BatchWriteItem', async () => {
    const { store: counted, operations, destroy } = countingStore();
    try {
      const [applied, coalesced] = [randomId('V'), randomId('W')];
      const at = new Date().toISOString();
      await Promise.all([
        counted.recordApplied(record(applied, v(1), '1'), at, true),
        counted.recordSuperseded(
          'customer',
          coalesced,
          [
            { sourceId: 'doc-1', version: v(1), supersededBy: v(3) },
            { sourceId: 'doc-2', version: v(2), supersededBy: v(3) },
          ],
          at,
        ),
      ]);
      expect(operations).toEqual(['BatchWriteItem']);
      expect((await store.history('customer', applied)).map((item) => item.version)).toEqual([v(1)]);
      expect((await store.superseded('customer', coalesced)).map((item) => item.version)).toEqual([
        v(1),
        v(2),
      ]);
    } finally {
      destroy();
    }
  });

  test('the VERSION write of an announced change waits for it; one not announced goes alone', async () => {
    const { store: counted, operations, destroy } = countingStore();
    try {
      const [first, announced, late] = [randomId('A'), randomId('B'), randomId('C')];
      const at = new Date().toISOString();
      const release = counted.announceRecordApplied();
      const firstWrite = counted.recordApplied(record(first, v(1), '1'), at, true);
      // Later than the batcher's own wait: without the announcement this would be a second request.
      await new Promise((resolve) => setTimeout(resolve, 10));
      release();
      await Promise.all([firstWrite, counted.recordApplied(record(announced, v(1), '1'), at, true)]);
      expect(operations).toEqual(['BatchWriteItem']);
      const lateWrite = counted.recordApplied(record(late, v(1), '1'), at, true);
      await new Promise((resolve) => setTimeout(resolve, 10));
      await Promise.all([lateWrite, counted.recordApplied(record(first, v(2), '2'), at, true)]);
      expect(operations).toEqual(['BatchWriteItem', 'BatchWriteItem', 'BatchWriteItem']);
      for (const key of [first, announced, late])
        expect((await store.history('customer', key)).length).toBeGreaterThan(0);
    } finally {
      destroy();
    }
  });

  test('turned off, each is a PutItem of its own', async () => {
    const { store: counted, operations, destroy } = countingStore({ transactCurrentWrites: false });
    try {
      const keys = [randomId('P'), randomId('P'), randomId('P')];
      await Promise.all(
        keys.map((key) => counted.putCurrent(record(key, v(1), '1'), new Date().toISOString())),
      );
      expect(operations).toEqual(['PutItem', 'PutItem', 'PutItem']);
    } finally {
      destroy();
    }
  });
});
