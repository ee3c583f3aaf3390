import { createRecordStore } from '../../src/adapters/record-store';
import { createProducer } from '../../src/clients/kafka';
import { canonicalMaterialNumber, makeVersion } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { runSynchub } from '../support/cli';
import { Harness } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';

jest.setTimeout(180_000);

const VERSIONS = 40;

let harness: Harness;
beforeEach(async () => {
  // Coalescing on, as by default.
  harness = await Harness.create({ env: { SYNCHUB_COALESCE: 'all' } });
});
afterEach(async () => {
  await harness.close();
});

const serial = (n: number) =>
  `2026113011${String(Math.floor(n / 60)).padStart(2, '0')}${String(n % 60).padStart(2, '0')}`;

test('a burst of one material: the newest is stored, every other version is applied or recorded as superseded', async () => {
  await harness.startWorker();
  await harness.startIngester();
  const matnr = randomMaterialNumber();
  const entityKey = canonicalMaterialNumber(matnr);
  const versions = Array.from({ length: VERSIONS }, (_, n) => makeVersion(serial(n), String(70_000 + n)));
  const producer = createProducer(harness.kafka);
  await producer.connect();
  await producer.send({
    topic: harness.config.kafka.topics.material,
    acks: -1,
    messages: versions.map((_, n) => ({
      key: entityKey,
      value: materialIdoc({ matnr, docnum: 70_000 + n, serial: serial(n) }),
    })),
  });
  await producer.disconnect();

  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  const last = versions.at(-1)!;
  // The audit items of the superseded versions are written with the apply call of a newer version.
  const [applied, superseded] = await waitFor(
    'the last version stored and every version accounted for',
    async () => {
      if ((await store.get('material', entityKey))?.publishedVersion !== last) return undefined;
      const history = (await store.history('material', entityKey)).map((record) => record.version);
      const audit = await store.superseded('material', entityKey);
      return history.length + audit.length === VERSIONS ? ([history, audit] as const) : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 1_000 },
  );
  // They reached the workflow grouped: `changes` signals, not one signal per version.
  const history = await harness.client.workflow
    .getHandle(entityWorkflowId('material', entityKey))
    .fetchHistory();
  const signals = (history.events ?? []).flatMap((event) => {
    const name = event.workflowExecutionSignaledEventAttributes?.signalName;
    return name ? [name] : [];
  });
  expect(signals).toContain('changes');
  expect(signals.length).toBeLessThan(VERSIONS / 2);
  // Fetched together, most versions were never applied; none is both applied and superseded.
  expect(superseded.length).toBeGreaterThan(VERSIONS / 2);
  expect([...applied, ...superseded.map((item) => item.version)].sort()).toEqual(versions);
  for (const item of superseded) {
    expect(item.supersededBy > item.version).toBe(true);
    expect(item.origin?.topic).toBe(harness.config.kafka.topics.material);
  }

  // The CLI shows both in version order.
  const cli = await runSynchub(['history', 'material', matnr, '--superseded'], { env: harness.env });
  expect(cli.code).toBe(0);
  const lines = cli.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { version: string; superseded?: boolean });
  expect(lines.map((line) => line.version)).toEqual(versions);
  expect(lines.filter((line) => line.superseded).length).toBe(superseded.length);
  const plain = await runSynchub(['history', 'material', matnr], { env: harness.env });
  expect(plain.stdout.trim().split('\n')).toHaveLength(applied.length);
});
