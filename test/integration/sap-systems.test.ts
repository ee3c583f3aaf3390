import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { temporal } from '@temporalio/proto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalKey } from '../../src/domain';
import { waitFor } from '../../src/util/wait-for';
import { stateQuery } from '../../src/workflows/messages';
import { changedEvent } from '../support/business-events';
import { runSynchub } from '../support/cli';
import { Harness } from '../support/harness';
import { ODataServer } from '../support/odata-server';
import { SupervisedProcess } from '../support/synchub-process';

jest.setTimeout(240_000);

/**
 * Three SAP systems: ERP (the default, SYNCHUB_SAP_ODATA_URL), ERP2 with its own OData service, credentials
 * and rate (SYNCHUB_SAP_ODATA_URLS, SYNCHUB_SAP_CREDENTIALS_FILE, SYNCHUB_SAP_RATE_LIMITS), and ERP3 without
 * a service. The workers are a real `synchub worker` process.
 */
const erp = new ODataServer();
const erp2 = new ODataServer();
const ERP_RATE = 40;
const ERP2_RATE = 3;
let harness: Harness;
let worker: SupervisedProcess;
let stateDir: string;

beforeAll(async () => {
  await Promise.all([erp.start(), erp2.start()]);
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-sap-systems-'));
  const credentials = path.join(stateDir, 'sap-credentials.json');
  fs.writeFileSync(credentials, JSON.stringify({ ERP2: { username: 'erp2-user', password: 'erp2-secret' } }));
  harness = await Harness.create({
    idleTimeoutMs: 2_000,
    env: {
      SYNCHUB_SAP_SYSTEMS: 'ERP=S4HCLNT100,ERP2=ECCCLNT200,ERP3=S4HCLNT300',
      SYNCHUB_DEFAULT_SAP_SYSTEM: 'ERP',
      SYNCHUB_SAP_ODATA_URL: erp.baseUrl,
      SYNCHUB_SAP_USERNAME: 'erp-user',
      SYNCHUB_SAP_PASSWORD: 'erp-secret',
      SYNCHUB_SAP_RATE_LIMIT: String(ERP_RATE),
      SYNCHUB_SAP_ODATA_URLS: `ERP2=${erp2.baseUrl}`,
      SYNCHUB_SAP_RATE_LIMITS: `ERP2=${ERP2_RATE}`,
      SYNCHUB_SAP_CREDENTIALS_FILE: credentials,
    },
  });
  worker = new SupervisedProcess(
    'worker',
    'worker',
    { ...harness.env, SYNCHUB_HTTP_PORT: '0' },
    path.join(stateDir, 'logs'),
  );
  worker.start();
  await harness.startIngester();
});
afterAll(async () => {
  await worker?.stop();
  await harness?.close();
  await Promise.all([erp.stop(), erp2.stop()]);
  if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
});

function store() {
  return createRecordStore(harness.aws.documents, harness.config.sync.table, { defaultSystem: 'ERP' });
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A partner's business event from a sender (a logical system of SYNCHUB_SAP_SYSTEMS). */
function eventFrom(sender: string, partner: string): string {
  return changedEvent(partner).replace('"/default/sap.s4.beh/730431274"', `"/default/sap.s4.beh/${sender}"`);
}

function readsOf(server: ODataServer, partner: string) {
  return server.log.filter(({ url }) => url.includes(`A_BusinessPartner('${partner}')`));
}

/** The activity pollers of a task queue as the Temporal server sees them (`temporal task-queue describe`). */
async function activityPollers(taskQueue: string) {
  const response = await harness.client.workflowService.describeTaskQueue({
    namespace: harness.config.temporal.namespace,
    taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
  });
  return response.pollers ?? [];
}

test('each SAP system has its own SAP task queue, polled at its own rate', async () => {
  const taskQueue = harness.config.temporal.taskQueue;
  const rates = await waitFor(
    'the worker polling the SAP task queue of every system',
    async () => {
      const found = await Promise.all(
        ['sap', 'sap-erp2', 'sap-erp3'].map(async (suffix) =>
          (await activityPollers(`${taskQueue}-${suffix}`)).map((poller) => poller.ratePerSecond),
        ),
      );
      return found.every((pollers) => pollers.length > 0) ? found : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 500 },
  );
  // The default system keeps `<tq>-sap` at SYNCHUB_SAP_RATE_LIMIT; ERP2 its own; ERP3 (no service) the default.
  expect(rates).toEqual([[ERP_RATE], [ERP2_RATE], [ERP_RATE]]);
});

test('the same partner number of two systems: each read from its own service, each its own entity', async () => {
  const partner = String(2_000_000 + Math.floor(Math.random() * 7_000_000));
  const key = canonicalKey('businessPartner', partner);
  const topic = harness.config.kafka.topics.businessPartner;
  await harness.produce(eventFrom('S4HCLNT100', partner), key, topic);
  await harness.produce(eventFrom('ECCCLNT200', partner), key, topic);

  const [ofErp, ofErp2] = await Promise.all(
    (['ERP', 'ERP2'] as const).map((system) =>
      waitFor(`${system}'s partner ${partner} stored`, () => store().get('businessPartner', key, system), {
        timeoutMs: 120_000,
      }),
    ),
  );
  expect(ofErp).toMatchObject({ entityKey: key, sourceSystem: 'ERP' });
  expect(ofErp2).toMatchObject({ entityKey: key, sourceSystem: 'ERP2' });
  expect(ofErp2!.data).toMatchObject({ businessPartnerAsSent: partner });

  // One read each, from each system's own service with its own credentials.
  expect(readsOf(erp, partner).map((read) => read.authorization)).toEqual([basic('erp-user', 'erp-secret')]);
  expect(readsOf(erp2, partner).map((read) => read.authorization)).toEqual([
    basic('erp2-user', 'erp2-secret'),
  ]);

  // ERP2's read was scheduled on ERP2's task queue, behind the patch; ERP's on `<tq>-sap` with no marker.
  const taskQueue = harness.config.temporal.taskQueue;
  const readQueues = async (workflowId: string) => {
    const handle = harness.client.workflow.getHandle(workflowId);
    await handle.result();
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    return {
      history,
      queues: events.flatMap((event) => {
        const scheduled = event.activityTaskScheduledEventAttributes;
        return scheduled?.activityType?.name === 'readSapEntity' ? [scheduled.taskQueue?.name] : [];
      }),
      markers: events.filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_patch')
        .length,
    };
  };
  const defaultRun = await readQueues(`businessPartner:${key}`);
  const otherRun = await readQueues(`businessPartner@ERP2:${key}`);
  expect(defaultRun.queues).toEqual([`${taskQueue}-sap`]);
  expect(otherRun.queues).toEqual([`${taskQueue}-sap-erp2`]);
  // lean-entity-sync and sap-reads-on-sap-task-queue for both; sap-reads-per-system-queue for ERP2 only.
  expect(otherRun.markers).toBe(defaultRun.markers + 1);
  const recordTo = process.env.SYNCHUB_TEST_RECORD_HISTORY_SAP_SYSTEM_QUEUE;
  if (recordTo) fs.writeFileSync(recordTo, `${historyToJSON(otherRun.history)}\n`);
});

test("a system's SAP outage is retried durably on its own task queue until it answers", async () => {
  const partner = String(2_000_000 + Math.floor(Math.random() * 7_000_000));
  const key = canonicalKey('businessPartner', partner);
  erp2.failuresBeforeSuccess.set(partner, 2);
  await harness.produce(eventFrom('ECCCLNT200', partner), key, harness.config.kafka.topics.businessPartner);
  const stored = await waitFor(
    `ERP2's partner ${partner} stored`,
    () => store().get('businessPartner', key, 'ERP2'),
    { timeoutMs: 120_000 },
  );
  expect(stored).toMatchObject({ entityKey: key, sourceSystem: 'ERP2' });
  // Two 503s, then the answer: every read from ERP2's service, none from the default system's.
  expect(readsOf(erp2, partner)).toHaveLength(3);
  expect(readsOf(erp, partner)).toEqual([]);
  const handle = harness.client.workflow.getHandle(`businessPartner@ERP2:${key}`);
  await handle.result();
  const history = await handle.fetchHistory();
  const scheduled = (history.events ?? []).flatMap((event) => {
    const attributes = event.activityTaskScheduledEventAttributes;
    return attributes?.activityType?.name === 'readSapEntity' ? [attributes.taskQueue?.name] : [];
  });
  // The read, then the durable read (whose retries are attempts of the same activity), both on ERP2's queue.
  const erp2Queue = `${harness.config.temporal.taskQueue}-sap-erp2`;
  expect(scheduled).toEqual([erp2Queue, erp2Queue]);
  const recordTo = process.env.SYNCHUB_TEST_RECORD_HISTORY_SAP_SYSTEM_QUEUE_DURABLE;
  if (recordTo) fs.writeFileSync(recordTo, `${historyToJSON(history)}\n`);
});

test('a partner event of a system without an OData service stops Stuck, naming the variable to set', async () => {
  const partner = String(2_000_000 + Math.floor(Math.random() * 7_000_000));
  const key = canonicalKey('businessPartner', partner);
  await harness.produce(eventFrom('S4HCLNT300', partner), key, harness.config.kafka.topics.businessPartner);
  const state = await waitFor(
    "ERP3's partner stuck",
    async () => {
      try {
        const current = await harness.client.workflow
          .getHandle(`businessPartner@ERP3:${key}`)
          .query(stateQuery);
        return current.stuck ? current : undefined;
      } catch {
        return undefined;
      }
    },
    { timeoutMs: 120_000 },
  );
  expect(state.stuck).toMatchObject({ failureType: 'SourceNotConfigured' });
  expect(state.stuck!.message).toMatch(
    /is of SAP system ERP3, which has no OData service: add ERP3=<its API_BUSINESS_PARTNER URL> to SYNCHUB_SAP_ODATA_URLS/,
  );
  // Neither system's service was asked for it.
  expect([...readsOf(erp, partner), ...readsOf(erp2, partner)]).toEqual([]);
});

test("synchub load --system ERP2 reads ERP2's service with its credentials, at its rate", async () => {
  const base = 3_000_000 + Math.floor(Math.random() * 6_000_000);
  const partners = Array.from({ length: 4 }, (_, i) => String(base + i));
  erp2.partnerKeys = partners;
  erp.partnerKeys = [];
  const stateFile = path.join(stateDir, 'bp-erp2.json');
  const result = await runSynchub(
    ['load', 'businessPartner', '--system', 'ERP2', '--page-size', '1', '--state-file', stateFile],
    { env: harness.env, timeoutMs: 60_000 },
  );
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^loaded 4 businessPartner entities from A_BusinessPartner/);
  expect(erp.collectionRequests('A_BusinessPartner')).toEqual([]);
  const pages = erp2.collectionRequests('A_BusinessPartner');
  // Four pages of one, then the empty page that ends the load.
  expect(pages.length).toBeGreaterThanOrEqual(4);
  expect(new Set(pages.map((page) => page.authorization))).toEqual(
    new Set([basic('erp2-user', 'erp2-secret')]),
  );
  // Without --rate, ERP2's limit: each request at least 1/3 s after the previous one began.
  for (let i = 1; i < pages.length; i += 1)
    expect(pages[i]!.at - pages[i - 1]!.at).toBeGreaterThanOrEqual(1000 / ERP2_RATE - 20);

  for (const partner of partners) {
    const key = canonicalKey('businessPartner', partner);
    const record = await waitFor(
      `ERP2's partner ${partner}`,
      () => store().get('businessPartner', key, 'ERP2'),
      { timeoutMs: 60_000 },
    );
    expect(record).toMatchObject({ entityKey: key, sourceSystem: 'ERP2', source: { format: 'odata' } });
    expect(await store().get('businessPartner', key, 'ERP')).toBeUndefined();
  }
});
