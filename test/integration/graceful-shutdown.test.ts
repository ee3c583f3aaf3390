import * as os from 'node:os';
import * as path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import type { Producer } from 'kafkajs';
import { createRecordStore } from '../../src/activities/record-store';
import { createProducer } from '../../src/clients/kafka';
import { canonicalMaterialNumber } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import type { ChangeSignal } from '../../src/workflows/messages';
import { Harness } from '../support/harness';
import { randomId } from '../support/ids';
import { SupervisedProcess } from '../support/synchub-process';

jest.setTimeout(300_000);

const COUNT = 60;
let harness: Harness;
let processes: SupervisedProcess[] = [];
let producer: Producer;

beforeAll(async () => {
  harness = await Harness.create();
  producer = createProducer(harness.kafka);
  await producer.connect();
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await producer.disconnect();
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
  const positions = new Set<string>();
  const history = await handle.fetchHistory().catch(() => undefined);
  for (const event of history?.events ?? []) {
    const signalled = event.workflowExecutionSignaledEventAttributes;
    const payload = signalled?.signalName === 'change' ? signalled.input?.payloads?.[0] : undefined;
    if (!payload) continue;
    const change = defaultPayloadConverter.fromPayload<ChangeSignal>(payload);
    if (change.origin) positions.add(`${change.origin.partition}:${change.origin.offset}`);
  }
  return positions;
}

test('SIGTERM to ingester and worker mid-stream: committed offsets never run ahead of Temporal, in-flight work finishes, nothing is lost', async () => {
  const topic = harness.config.kafka.topics.material;
  const logDir = path.join(os.tmpdir(), `synchub-shutdown-${harness.id}`);
  const worker = new SupervisedProcess('worker', 'worker', harness.env, logDir);
  const ingester = new SupervisedProcess('ingester', 'ingest', harness.env, logDir);
  processes = [worker, ingester];
  worker.start();
  ingester.start();

  const prefix = randomId('S').toUpperCase().slice(-8);
  const sent: Sent[] = [];
  const producing = (async () => {
    for (let i = 0; i < COUNT; i += 1) {
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
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  const synced = async () => {
    let count = 0;
    for (const { key } of sent) if ((await store.get('material', key))?.publishedVersion) count += 1;
    return count;
  };

  // Mid-stream: some records are through, more keep arriving.
  await waitFor('the first records to sync', async () => (await synced()) >= 5, { timeoutMs: 90_000 });
  const ingesterExit = await ingester.kill('SIGTERM', 30_000);
  expect(ingesterExit).toMatchObject({ code: 0, signal: null });

  // Every record below the group's committed offset must already be accepted by its workflow.
  const admin = harness.kafka.admin();
  await admin.connect();
  const [committed] = await admin.fetchOffsets({ groupId: harness.config.kafka.groupId, topics: [topic] });
  await admin.disconnect();
  const committedBelow = new Map(committed!.partitions.map((p) => [p.partition, Number(p.offset)]));
  const covered = sent.filter((record) => record.offset < (committedBelow.get(record.partition) ?? -1));
  expect(covered.length).toBeGreaterThan(0);
  const aheadOfTemporal: string[] = [];
  for (const record of covered) {
    if (!(await acceptedPositions(record.key)).has(`${record.partition}:${record.offset}`))
      aheadOfTemporal.push(`${topic}/${record.partition}@${record.offset}`);
  }
  expect(aheadOfTemporal).toEqual([]);

  // The worker is stopped while changes are in flight; it drains, exits cleanly, and a new one carries on.
  ingester.start();
  await waitFor('more records to sync', async () => (await synced()) >= covered.length + 5, {
    timeoutMs: 90_000,
  });
  const workerExit = await worker.kill('SIGTERM', 60_000);
  expect(workerExit).toMatchObject({ code: 0, signal: null });
  worker.start();

  await producing;
  await waitFor('every record to sync', async () => (await synced()) === COUNT, { timeoutMs: 120_000 });
  for (const { key } of sent) expect(await store.history('material', key)).toHaveLength(1);
  expect(worker.unexpectedExits).toEqual([]);
  expect(ingester.unexpectedExits).toEqual([]);
});
