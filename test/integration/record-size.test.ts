import { createPayloadStore } from '../../src/adapters/payload-store';
import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalMaterialNumber } from '../../src/domain';
import { REJECTED_HEADERS } from '../../src/ingest/rejected-sink';
import type { PayloadRef } from '../../src/shared/payload-ref';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import type { quarantine } from '../../src/workflows';
import { quarantineStateQuery, quarantineWorkflowId } from '../../src/workflows/quarantine-messages';
import { largeMaterialIdoc } from '../fixtures/hostile/hostile-records';
import { Harness, rejectedHeader, type RejectedCopy } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';

/*
 * A record above SYNCHUB_MAX_RECORD_BYTES (16 MiB by default, the embedded broker's message.max.bytes) on a
 * topic that allows larger ones: never parsed, stored aside, copied to the rejected topic by reference and
 * quarantined, and the partition goes on.
 */

jest.setTimeout(240_000);

const WAIT = { timeoutMs: 180_000, intervalMs: 500 };
const MIB = 1024 * 1024;

let harness: Harness;
let rejectedCopies: RejectedCopy[] = [];

beforeAll(async () => {
  harness = await Harness.create();
  // The source topic takes records up to 32 MiB, as a topic-level max.message.bytes can allow.
  const admin = harness.kafka.admin();
  await admin.connect();
  await admin.alterConfigs({
    validateOnly: false,
    resources: [
      {
        type: 2, // TOPIC
        name: harness.config.kafka.topics.material,
        configEntries: [{ name: 'max.message.bytes', value: String(32 * MIB) }],
      },
    ],
  });
  await admin.disconnect();
  await harness.startWorker();
  await harness.startIngester();
  rejectedCopies = await harness.readRejected();
});

afterAll(async () => {
  await harness?.close();
});

test('a 20 MiB record is quarantined unread by reference; the partition goes on', async () => {
  expect(harness.config.kafka.maxRecordBytes).toBe(16 * MIB);
  const topic = harness.config.kafka.topics.material;
  let docnum = Math.floor(Math.random() * 1e9);
  const context = {
    matnr: randomMaterialNumber,
    docnum: () => (docnum += 1),
    fetchUrl: 'http://127.0.0.1:9',
  };
  // A well-formed IDoc: read, it would route (and parsing 20 MiB costs many times that in memory).
  const record = Buffer.from(largeMaterialIdoc(context, 20 * MIB), 'utf8');
  expect(record.length).toBeGreaterThan(20 * MIB - 100);

  // The heap while the ingester handles it (preserving costs about the record's size, parsing far more).
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 20);
  let offset = '';
  const good = randomMaterialNumber();
  try {
    const [landed] = await harness.produce(record, 'too-large', topic, { partition: 0 });
    offset = landed!.baseOffset!;
    await harness.produce(
      materialIdoc({ matnr: good, docnum: (docnum += 1), serial: '20261121180000' }),
      canonicalMaterialNumber(good),
      topic,
      { partition: 0 },
    );
    const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
    await waitFor(
      'the good record after the large one stored',
      () => store.get('material', canonicalMaterialNumber(good)),
      WAIT,
    );
  } finally {
    clearInterval(sampler);
  }
  expect(peak - baseline).toBeLessThan(200 * MIB);

  const message =
    `record is ${record.length} bytes (20.0 MiB), above the limit of 16777216 bytes (16.0 MiB, ` +
    'SYNCHUB_MAX_RECORD_BYTES); it was not read, only preserved';
  const payloads = createPayloadStore(harness.aws.documents, harness.config.sync.table);

  // The rejected topic: the reason and where the value is stored (the copy itself carries no value).
  const copy = await waitFor(
    'the copy on the rejected topic',
    () =>
      rejectedCopies.find(
        (candidate) =>
          rejectedHeader(candidate, REJECTED_HEADERS.topic) === topic &&
          rejectedHeader(candidate, REJECTED_HEADERS.offset) === offset,
      ),
    WAIT,
  );
  expect(rejectedHeader(copy, REJECTED_HEADERS.code)).toBe('RECORD_TOO_LARGE');
  expect(rejectedHeader(copy, REJECTED_HEADERS.message)).toBe(message);
  expect(copy.value).toBeNull();
  const ref = JSON.parse(rejectedHeader(copy, REJECTED_HEADERS.payloadRef) ?? '{}') as PayloadRef;
  expect(ref).toMatchObject({ store: 'dynamodb', bytes: record.length });
  expect(rejectedHeader(copy, REJECTED_HEADERS.payloadEncoding)).toBeUndefined();
  expect(Buffer.from(await payloads.get(ref), 'utf8').equals(record)).toBe(true);

  // The quarantine workflow holds the same reference and the exact reason.
  const handle = harness.client.workflow.getHandle<typeof quarantine>(
    quarantineWorkflowId({ topic, partition: 0, offset }, 0),
  );
  const state = await waitFor('the quarantine workflow', () => handle.query(quarantineStateQuery), WAIT);
  expect(state).toMatchObject({
    status: 'Quarantined',
    reason: { code: 'RECORD_TOO_LARGE', message },
    origin: { topic, partition: 0, offset, key: 'too-large' },
    payloadRef: ref,
  });
  expect(state.payload).toBeUndefined();
});
