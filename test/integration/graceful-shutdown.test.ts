import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Producer } from 'kafkajs';
import { createRecordStore } from '../../src/adapters/record-store';
import { createProducer } from '../../src/clients/kafka';
import { canonicalMaterialNumber } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { payloadDecoder } from '../../src/clients/temporal';
import { signalledOrigins } from '../support/change-signals';
import { Harness } from '../support/harness';
import { randomId } from '../support/ids';
import { PausableProxy } from '../support/pausable-proxy';
import { SupervisedProcess } from '../support/synchub-process';

jest.setTimeout(300_000);

const BATCH = 20;
let harness: Harness;
let processes: SupervisedProcess[] = [];
let producer: Producer;
let temporalProxy: PausableProxy | undefined;

beforeAll(async () => {
  harness = await Harness.create();
  producer = createProducer(harness.kafka);
  await producer.connect();
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await producer.disconnect();
  await temporalProxy?.close();
  await harness.close();
});

interface Sent {
  key: string;
  partition: number;
  offset: number;
}

/** The Kafka positions of the change signals an entity's workflow has accepted so far. */
async function acceptedPositions(key: string): Promise<Set<string>> {
  const handle = harness.client.workflow.getHandle(entityWorkflowId('material', key));
  const history = await handle.fetchHistory().catch(() => undefined);
  return new Set(
    (await signalledOrigins(history, payloadDecoder(harness.config.temporal))).map(
      (origin) => `${origin.partition}:${origin.offset}`,
    ),
  );
}

test('ingester crashed or stopped while Temporal hangs, worker stopped mid-stream: committed offsets never run ahead of Temporal, in-flight work finishes, nothing is lost', async () => {
  const topic = harness.config.kafka.topics.material;
  const logDir = path.join(os.tmpdir(), `synchub-shutdown-${harness.id}`);
  const proxy = await PausableProxy.start({
    host: '127.0.0.1',
    port: Number(harness.env.SYNCHUB_TEMPORAL_PORT),
  });
  temporalProxy = proxy;
  const worker = new SupervisedProcess('worker', 'worker', harness.env, logDir);
  const ingester = new SupervisedProcess(
    'ingester',
    'ingest',
    { ...harness.env, TEMPORAL_ADDRESS: proxy.address, LOG_LEVEL: 'info' },
    logDir,
  );
  const logOf = (name: string) => fs.readFileSync(path.join(logDir, `${name}.log`), 'utf8');
  processes = [worker, ingester];
  worker.start();
  ingester.start();

  const prefix = randomId('S').toUpperCase().slice(-8);
  const sent: Sent[] = [];
  const produce = async (count: number) => {
    for (let n = 0; n < count; n += 1) {
      const i = sent.length;
      const matnr = `${prefix}${String(i).padStart(4, '0')}`;
      const [ack] = await producer.send({
        topic,
        acks: -1,
        messages: [
          { key: canonicalMaterialNumber(matnr), value: materialIdoc({ matnr, docnum: 7_000 + i }) },
        ],
      });
      sent.push({
        key: canonicalMaterialNumber(matnr),
        partition: ack!.partition,
        offset: Number(ack!.baseOffset),
      });
    }
  };
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  const synced = async () => {
    let count = 0;
    for (const { key } of sent) if ((await store.get('material', key))?.publishedVersion) count += 1;
    return count;
  };

  /** Records below the group's committed offsets that their workflow has not accepted (must be none). */
  const committedAheadOfTemporal = async () => {
    const admin = harness.kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId: harness.config.kafka.groupId, topics: [topic] });
    await admin.disconnect();
    const committedBelow = new Map(committed!.partitions.map((p) => [p.partition, Number(p.offset)]));
    const covered = sent.filter((record) => record.offset < (committedBelow.get(record.partition) ?? -1));
    const ahead: string[] = [];
    for (const record of covered) {
      if (!(await acceptedPositions(record.key)).has(`${record.partition}:${record.offset}`))
        ahead.push(`${topic}/${record.partition}@${record.offset}`);
    }
    return { covered: covered.length, ahead };
  };

  // Part of the stream syncs. Then Temporal stops answering the ingester and more records arrive, so its
  // signals for them hang. The ingester crashes (SIGKILL) in that state: nothing it had not handed to Temporal
  // may be committed.
  await produce(BATCH);
  await waitFor('the first records to sync', async () => (await synced()) >= 3, { timeoutMs: 90_000 });
  proxy.pause();
  await produce(5);
  await waitFor('the ingester to try signalling', () => proxy.heldBytes > 0, { timeoutMs: 30_000 });
  expect(await ingester.kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
  const afterCrash = await committedAheadOfTemporal();
  expect(afterCrash.covered).toBeGreaterThan(0);
  expect(afterCrash.ahead).toEqual([]);
  proxy.resume();

  // Same again with SIGTERM: the ingester waits for its hanging signals (released once Temporal answers again),
  // commits only then, and exits cleanly.
  ingester.start();
  await waitFor('the ingester to catch up', async () => (await synced()) >= sent.length - 2, {
    timeoutMs: 90_000,
  });
  proxy.pause();
  await produce(5);
  await waitFor('the ingester to try signalling', () => proxy.heldBytes > 0, { timeoutMs: 30_000 });
  const stopping = ingester.kill('SIGTERM', 60_000);
  await waitFor(
    'the ingester to begin its shutdown',
    () => logOf('ingester').split('shutting down').length > 1,
  );
  proxy.resume();
  expect(await stopping).toMatchObject({ code: 0, signal: null });
  const afterStop = await committedAheadOfTemporal();
  expect(afterStop.covered).toBeGreaterThan(afterCrash.covered);
  expect(afterStop.ahead).toEqual([]);

  // The next third waits in Kafka for the restarted ingester; the worker is stopped while it works on it.
  await produce(BATCH);
  const before = await synced();
  ingester.start();
  await waitFor('more records to sync', async () => (await synced()) >= before + 3, { timeoutMs: 90_000 });
  const workerExit = await worker.kill('SIGTERM', 60_000);
  expect(workerExit).toMatchObject({ code: 0, signal: null });

  // The last third arrives while no worker runs; a new worker finishes everything.
  await produce(BATCH);
  worker.start();
  await waitFor('every record to sync', async () => (await synced()) === sent.length, { timeoutMs: 120_000 });
  for (const { key } of sent) expect(await store.history('material', key)).toHaveLength(1);
  expect(worker.unexpectedExits).toEqual([]);
  expect(ingester.unexpectedExits).toEqual([]);
});
