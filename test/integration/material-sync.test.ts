import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalMaterialNumber } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { waitFor } from '../../src/util/wait-for';
import { stateQuery, type EntitySyncState } from '../../src/workflows/messages';
import { Harness, type QueueMessage } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';
import { materialIdoc } from '../../src/tools/matmas-generator';

jest.setTimeout(120_000);

let harness: Harness;
beforeEach(async () => {
  harness = await Harness.create();
});
afterEach(async () => {
  await harness.close();
});

const serial = (n: number) => `202611211200${String(n).padStart(2, '0')}`;

function store() {
  return createRecordStore(harness.aws.documents, harness.config.sync.table);
}

async function stateWhen(entityKey: string, predicate: (state: EntitySyncState) => boolean) {
  return waitFor(
    `workflow state of material ${entityKey}`,
    async () => {
      const state = await harness.client.workflow
        .getHandle(entityWorkflowId('material', entityKey))
        .query(stateQuery);
      return predicate(state) ? state : undefined;
    },
    { timeoutMs: 60_000 },
  );
}

async function messagesFor(domain: string, entityKey: string): Promise<QueueMessage[]> {
  return (await harness.drainQueue(domain)).filter((message) => message.body.entityKey === entityKey);
}

test('a MATMAS produced to Kafka is stored as the canonical material and fanned out to matching queues', async () => {
  await harness.startWorker();
  await harness.startIngester();
  const matnr = randomMaterialNumber();
  const key = canonicalMaterialNumber(matnr);
  await harness.produce(
    materialIdoc({ matnr, docnum: 4711, serial: serial(1), description: 'Pump housing' }),
    key,
  );

  const record = await waitFor('material in DynamoDB', () => store().get('material', key), {
    timeoutMs: 30_000,
  });
  expect(record).toMatchObject({
    entityType: 'material',
    entityKey: key,
    version: `${serial(1)}.0000000000004711`,
    changeType: 'upsert',
    deleted: false,
  });
  expect(JSON.stringify(record.data)).toContain('Pump housing');

  const ecommerce = await waitFor('message on the ecommerce queue', async () => {
    const messages = await messagesFor('ecommerce', key);
    return messages.length > 0 ? messages : undefined;
  });
  expect(ecommerce).toHaveLength(1);
  expect(ecommerce[0]!.attributes).toMatchObject({
    entityType: 'material',
    changeType: 'upsert',
    version: record.version,
    dedupKey: `material#${key}#${record.version}`,
  });
  expect(ecommerce[0]!.body).toMatchObject({ entityKey: key, version: record.version, data: record.data });
  expect(await messagesFor('analytics', key)).toHaveLength(1);
  // crm's filter policy does not take materials.
  expect(await messagesFor('crm', key)).toHaveLength(0);
});

test('the same record delivered twice gives one stored version and one message per queue', async () => {
  await harness.startWorker();
  await harness.startIngester();
  const matnr = randomMaterialNumber();
  const key = canonicalMaterialNumber(matnr);
  const document = materialIdoc({ matnr, docnum: 5001, serial: serial(1) });
  await harness.produce(document, key);
  await harness.produce(document, key);

  const state = await stateWhen(
    key,
    (s) => s.counters.received === 2 && s.pendingVersions.length === 0 && s.counters.applied === 1,
  );
  expect(state.counters.duplicates).toBe(1);
  expect((await store().get('material', key))?.version).toBe(`${serial(1)}.0000000000005001`);
  expect(await messagesFor('ecommerce', key)).toHaveLength(1);
  expect(await messagesFor('analytics', key)).toHaveLength(1);
});

test('an older version produced after a newer one leaves the newer one stored and records the skip', async () => {
  await harness.startWorker();
  await harness.startIngester();
  const matnr = randomMaterialNumber();
  const key = canonicalMaterialNumber(matnr);
  await harness.produce(materialIdoc({ matnr, docnum: 9002, serial: serial(5), description: 'newer' }), key);
  await stateWhen(key, (s) => s.counters.applied === 1);
  await harness.produce(materialIdoc({ matnr, docnum: 9001, serial: serial(4), description: 'older' }), key);

  const state = await stateWhen(key, (s) => s.counters.skipped === 1);
  expect(state.skipped[0]).toMatchObject({
    version: `${serial(4)}.0000000000009001`,
    reason: 'olderThanApplied',
  });
  const stored = await store().get('material', key);
  expect(stored?.version).toBe(`${serial(5)}.0000000000009002`);
  expect(JSON.stringify(stored?.data)).toContain('newer');
  expect(await messagesFor('ecommerce', key)).toHaveLength(1);
});

test('an unreadable record is preserved on the rejected topic and the consumer keeps going', async () => {
  await harness.startWorker();
  await harness.startIngester();
  const matnr = randomMaterialNumber();
  const key = canonicalMaterialNumber(matnr);
  const malformed = materialIdoc({ matnr, docnum: 1, description: 'Nuts & bolts' });
  // Same key, so same partition: the good record sits behind the bad one.
  await harness.produce(malformed, key);
  await harness.produce(materialIdoc({ matnr, docnum: 2, serial: serial(1) }), key);

  await waitFor('good record after the bad one', () => store().get('material', key), { timeoutMs: 30_000 });

  const rejected: { value: string; headers: Record<string, string> }[] = [];
  const consumer = harness.kafka.consumer({ groupId: `${harness.id}-rejected-reader` });
  await consumer.connect();
  await consumer.subscribe({ topic: harness.config.kafka.rejectedTopic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      rejected.push({
        value: message.value?.toString('utf8') ?? '',
        headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
      });
    },
  });
  try {
    await waitFor('rejected record', () => rejected.length > 0, { timeoutMs: 30_000 });
  } finally {
    await consumer.disconnect();
  }
  expect(rejected).toHaveLength(1);
  expect(rejected[0]!.value).toBe(malformed);
  expect(rejected[0]!.headers).toMatchObject({
    'synchub-error-code': 'MALFORMED_XML',
    'synchub-source-topic': harness.config.kafka.topics.material,
    'synchub-source-offset': '0',
  });
  expect(rejected[0]!.headers['synchub-error-message']).toMatch(/XML/);
});

test('a worker killed between persist and publish: a new worker completes the sync, nothing lost or doubled', async () => {
  // The first worker can write DynamoDB but not reach SNS, so it stops after persist; then it is SIGKILLed.
  const first = spawnWorker({ ...harness.env, AWS_ENDPOINT_URL_SNS: 'http://127.0.0.1:9' });
  try {
    await harness.startIngester();
    const matnr = randomMaterialNumber();
    const key = canonicalMaterialNumber(matnr);
    await harness.produce(materialIdoc({ matnr, docnum: 777, serial: serial(1) }), key);
    const stored = await waitFor('persisted by the first worker', () => store().get('material', key), {
      timeoutMs: 60_000,
    });
    expect(stored.publishedVersion).toBeUndefined();
    expect(await messagesFor('ecommerce', key)).toHaveLength(0);

    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    await harness.startWorker();

    const published = await waitFor(
      'published by the second worker',
      async () => {
        const record = await store().get('material', key);
        return record?.publishedVersion === stored.version ? record : undefined;
      },
      { timeoutMs: 90_000 },
    );
    expect(published.version).toBe(stored.version);
    expect(await messagesFor('ecommerce', key)).toHaveLength(1);
    expect(await messagesFor('analytics', key)).toHaveLength(1);
  } finally {
    if (first.exitCode === null && first.signalCode === null) first.kill('SIGKILL');
  }
});

function spawnWorker(env: NodeJS.ProcessEnv): ChildProcess {
  const bin = path.resolve(__dirname, '..', '..', 'bin', 'synchub.js');
  const child = spawn(process.execPath, [bin, 'worker'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', () => undefined);
  return child;
}
