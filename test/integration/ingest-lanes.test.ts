import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalMaterialNumber } from '../../src/domain';
import type { ChangeSignaller } from '../../src/ingest/workflow-signaller';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { Harness } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';

jest.setTimeout(180_000);

const MAX_IN_FLIGHT = 4;
const MATERIALS = 8;
const VERSIONS = 4;
/** Each hand-over takes at least this long, so records that may run at once do. */
const SIGNAL_DELAY_MS = 150;

let harness: Harness;
beforeEach(async () => {
  harness = await Harness.create({
    env: { SYNCHUB_INGEST_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT), SYNCHUB_COALESCE: 'none' },
  });
});
afterEach(async () => {
  await harness.close();
});

test('one partition: records of different keys are handed over at once, one key in order, within the limit', async () => {
  await harness.startWorker();
  const real = harness.signaller();
  let inFlight = 0;
  let maxInFlight = 0;
  const order = new Map<string, string[]>();
  const signal: ChangeSignaller = async (entity, changes) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, SIGNAL_DELAY_MS));
      await real(entity, changes);
      const versions = changes.map((change) => change.version);
      order.set(entity.entityKey, [...(order.get(entity.entityKey) ?? []), ...versions]);
    } finally {
      inFlight -= 1;
    }
  };
  await harness.startIngester({ signal });

  // Every record on partition 0, versions of all materials interleaved, as SAP sends them.
  const keys = Array.from({ length: MATERIALS }, () => canonicalMaterialNumber(randomMaterialNumber()));
  const expected = new Map<string, string[]>();
  let docnum = 50_000;
  let produced = 0;
  for (let version = 0; version < VERSIONS; version += 1) {
    for (const key of keys) {
      docnum += 1;
      const serial = `202611301300${String(version).padStart(2, '0')}`;
      await harness.produce(materialIdoc({ matnr: key, docnum, serial }), key, undefined, { partition: 0 });
      produced += 1;
      expected.set(key, [...(expected.get(key) ?? []), `${serial}.${String(docnum).padStart(16, '0')}`]);
    }
  }

  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  await waitFor(
    'every material at its last version',
    async () => {
      for (const key of keys)
        if ((await store.get('material', key))?.version !== expected.get(key)!.at(-1)) return false;
      return true;
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
  // Concurrency across keys, never beyond the limit; each key's records in Kafka order.
  expect(maxInFlight).toBe(MAX_IN_FLIGHT);
  expect(order).toEqual(expected);

  // Every record handed over, so every offset committed.
  const admin = harness.kafka.admin();
  await admin.connect();
  try {
    await waitFor('offsets committed to the end of partition 0', async () => {
      const [committed] = await admin.fetchOffsets({
        groupId: harness.config.kafka.groupId,
        topics: [harness.config.kafka.topics.material],
      });
      return committed!.partitions.find((p) => p.partition === 0)?.offset === String(produced);
    });
  } finally {
    await admin.disconnect();
  }
});
