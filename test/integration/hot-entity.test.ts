import { temporal } from '@temporalio/proto';
import { createRecordStore } from '../../src/adapters/record-store';
import { createProducer } from '../../src/clients/kafka';
import { canonicalMaterialNumber } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { Harness } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';

jest.setTimeout(900_000);

const VERSIONS = 1_000;
/** Temporal's default gRPC message limit, and its hard history limits. */
const GRPC_LIMIT_BYTES = 4 * 1024 * 1024;
const HISTORY_LIMIT_BYTES = 50 * 1024 * 1024;
const UNHANDLED_COMMAND =
  temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND;

let harness: Harness;
beforeEach(async () => {
  // Coalescing off: every one of the versions must be applied, in order.
  harness = await Harness.create({ env: { SYNCHUB_COALESCE: 'none' } });
});
afterEach(async () => {
  await harness.close();
});

const serial = (n: number) =>
  `2026112110${String(Math.floor(n / 60)).padStart(2, '0')}${String(n % 60).padStart(2, '0')}`;

test('a burst of 1,000 versions of one material all apply in version order, in bounded histories', async () => {
  await harness.startWorker();
  await harness.startIngester();
  const matnr = randomMaterialNumber();
  const entityKey = canonicalMaterialNumber(matnr);
  const documents = Array.from({ length: VERSIONS }, (_, index) =>
    materialIdoc({
      matnr,
      docnum: 10_000 + index,
      serial: serial(index),
      description: `burst ${index}`,
      plants: 10,
    }),
  );
  const sizes = documents.map((document) => Buffer.byteLength(document));
  expect(Math.min(...sizes)).toBeGreaterThan(7_000);

  // The domain queues are drained while the burst runs, as their consumers would (an undrained queue slows the
  // AWS emulator down as it fills); what reaches the ecommerce queue for this material is kept.
  const delivered = new Set<string>();
  let draining = true;
  const drain = (async () => {
    while (draining) {
      for (const domain of Object.keys(harness.queues)) {
        for (const message of await harness.drainQueue(domain))
          if (domain === 'ecommerce' && message.body.entityKey === entityKey)
            delivered.add(String(message.body.version));
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();

  // All at once, as a mass change or a re-sent backlog arrives.
  const producer = createProducer(harness.kafka);
  await producer.connect();
  for (let start = 0; start < VERSIONS; start += 100) {
    await producer.send({
      topic: harness.config.kafka.topics.material,
      acks: -1,
      messages: documents.slice(start, start + 100).map((value) => ({ key: entityKey, value })),
    });
  }
  await producer.disconnect();

  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  const lastVersion = `${serial(VERSIONS - 1)}.${String(10_000 + VERSIONS - 1).padStart(16, '0')}`;
  await waitFor(
    'the last version stored and published',
    async () => {
      const current = await store.get('material', entityKey);
      return current?.version === lastVersion && current.publishedVersion === lastVersion;
    },
    { timeoutMs: 720_000, intervalMs: 2_000 },
  );

  // Every version stored, and stored in version order.
  const versions = await store.history('material', entityKey);
  expect(versions).toHaveLength(VERSIONS);
  const byStoredAt = [...versions].sort((a, b) => a.storedAt.localeCompare(b.storedAt) || 0);
  const storedOrder = byStoredAt.map((record) => record.version);
  expect(storedOrder).toEqual([...storedOrder].sort());

  // One message per version on a subscribed queue.
  await waitFor('every version delivered to the ecommerce queue', async () => delivered.size === VERSIONS, {
    timeoutMs: 120_000,
    intervalMs: 1_000,
  });
  draining = false;
  await drain;

  // Every run of the entity's workflow: no failed workflow task, no message near the gRPC limit, small histories.
  const workflowId = entityWorkflowId('material', entityKey);
  let runs = 0;
  let largestEventBytes = 0;
  let largestHistoryBytes = 0;
  let failedTasks = 0;
  let refusedCloses = 0;
  for await (const execution of harness.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    runs += 1;
    const handle = harness.client.workflow.getHandle(workflowId, execution.runId);
    const history = await handle.fetchHistory();
    let historyBytes = 0;
    for (const event of history.events ?? []) {
      const bytes = temporal.api.history.v1.HistoryEvent.encode(event).finish().length;
      historyBytes += bytes;
      largestEventBytes = Math.max(largestEventBytes, bytes);
      const failed = event.workflowTaskFailedEventAttributes;
      // UNHANDLED_COMMAND is the server's handshake, not a failure: it refuses to close a run (continue-as-new)
      // while new signals arrived, and the task is retried with them. Every other cause is a failed task.
      if (failed && failed.cause !== UNHANDLED_COMMAND) failedTasks += 1;
      if (failed?.cause === UNHANDLED_COMMAND) refusedCloses += 1;
    }
    largestHistoryBytes = Math.max(largestHistoryBytes, historyBytes);
  }
  process.stderr.write(
    `hot entity: ${VERSIONS} versions of ${Math.round(sizes[0]! / 100) / 10} KB, ${runs} runs, largest event ` +
      `${Math.round(largestEventBytes / 1024)} KB, largest history ${Math.round(largestHistoryBytes / 1024)} KB, ` +
      `${refusedCloses} continue-as-new refused for new signals\n`,
  );
  expect(failedTasks).toBe(0);
  expect(largestEventBytes).toBeLessThan(GRPC_LIMIT_BYTES / 8);
  expect(largestHistoryBytes).toBeLessThan(HISTORY_LIMIT_BYTES / 5);
});
