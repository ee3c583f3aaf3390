import { createServer, type Server } from 'node:http';
import type { Payload } from '@temporalio/common';
import { payloadDecoder } from '../../src/clients/temporal';
import type { AddressInfo } from 'node:net';
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { createPayloadStore } from '../../src/adapters/payload-store';
import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalMaterialNumber } from '../../src/domain';
import { REJECTED_HEADERS } from '../../src/ingest/rejected-sink';
import type { Ingester } from '../../src/ingest/ingester';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { stateQuery } from '../../src/workflows/messages';
import { quarantineStateQuery, quarantineWorkflowId } from '../../src/workflows/quarantine-messages';
import type { entitySync, quarantine } from '../../src/workflows';
import {
  REFERENCE_LINE_TEXT,
  hostileRecords,
  manyReferencesIdoc,
  type HostileContext,
  type HostileRecord,
} from '../fixtures/hostile/hostile-records';
import { Harness, rejectedHeader, type RejectedCopy } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';

/*
 * Every kind of bad Kafka record in the hostile catalogue goes through the real service (ingester, worker,
 * Temporal, Kafka, DynamoDB). For each: the precise code and message, the record preserved (the rejected
 * topic's copy byte-equal to the original with its key and headers, and a quarantine workflow holding it; or,
 * for bad body data, the entity workflow Stuck holding the change), the consumer going on (a good record
 * produced after it on the same partition syncs), no process down, and nothing fetched from anywhere.
 */

jest.setTimeout(180_000);

/** Generous: the machine is shared with other stacks. */
const WAIT = { timeoutMs: 120_000, intervalMs: 300 };

let harness: Harness;
let ingester: Ingester;
let rejectedCopies: RejectedCopy[] = [];
let fetchServer: Server;
let fetches: string[] = [];
let catalogue = new Map<string, HostileRecord>();
let docnum = Math.floor(Math.random() * 1e9);

function context(fetchUrl: string): HostileContext {
  return { matnr: randomMaterialNumber, docnum: () => (docnum += 1), fetchUrl };
}

/** The kinds, named before the stack is there (the records themselves are built in beforeAll). */
const KINDS = hostileRecords(context('http://127.0.0.1:9')).map((record) => record.kind);

beforeAll(async () => {
  fetchServer = createServer((request, response) => {
    fetches.push(`${request.method ?? '?'} ${request.url ?? ''}`);
    response.end('<!ENTITY leaked "fetched">');
  });
  await new Promise<void>((resolve) => fetchServer.listen(0, '127.0.0.1', resolve));
  const { port } = fetchServer.address() as AddressInfo;
  // The server does count: a request reaches it.
  await (await fetch(`http://127.0.0.1:${port}/probe`)).text();
  expect(fetches).toEqual(['GET /probe']);
  fetches = [];
  catalogue = new Map(
    hostileRecords(context(`http://127.0.0.1:${port}`)).map((record) => [record.kind, record]),
  );

  harness = await Harness.create();
  await harness.startWorker();
  ingester = await harness.startIngester();
  rejectedCopies = await harness.readRejected();
});

afterAll(async () => {
  await harness?.close();
  await new Promise((resolve) => fetchServer?.close(resolve));
});

afterEach(() => {
  // Nothing in any record made anything fetch anything.
  expect(fetches).toEqual([]);
  fetches = [];
});

function searchAttributes(described: WorkflowExecutionDescription): Record<string, unknown> {
  return Object.fromEntries(
    described.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value]),
  );
}

async function produceOn(partition: number, record: HostileRecord): Promise<string> {
  const [landed] = await harness.produce(record.value, record.key, harness.config.kafka.topics.material, {
    partition,
    ...(record.headers ? { headers: record.headers } : {}),
  });
  return landed!.baseOffset!;
}

/** A good material produced after the bad record on the same partition, and waited for in DynamoDB. */
async function goodRecordSyncsAfter(partition: number): Promise<void> {
  const matnr = randomMaterialNumber();
  await harness.produce(
    materialIdoc({ matnr, docnum: (docnum += 1), serial: '20261121180000' }),
    canonicalMaterialNumber(matnr),
    harness.config.kafka.topics.material,
    { partition },
  );
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  await waitFor(
    'the good record after the bad one stored',
    () => store.get('material', canonicalMaterialNumber(matnr)),
    WAIT,
  );
}

function expectProcessesRunning(handledBefore: number): void {
  // The sync worker and the SAP-read worker beside it.
  expect(harness.workers.map(({ worker }) => worker.getState())).toEqual(['RUNNING', 'RUNNING']);
  expect(ingester.handled).toBeGreaterThanOrEqual(handledBefore + 2);
}

async function expectQuarantined(record: HostileRecord, partition: number, offset: string): Promise<void> {
  const topic = harness.config.kafka.topics.material;

  // The rejected topic's copy: the original key, value (null for a tombstone) and headers, plus the reason.
  const copy = await waitFor(
    'the copy on the rejected topic',
    () =>
      rejectedCopies.find(
        (candidate) =>
          rejectedHeader(candidate, REJECTED_HEADERS.partition) === String(partition) &&
          rejectedHeader(candidate, REJECTED_HEADERS.offset) === offset &&
          rejectedHeader(candidate, REJECTED_HEADERS.topic) === topic,
      ),
    WAIT,
  );
  expect(rejectedHeader(copy, REJECTED_HEADERS.code)).toBe(record.code);
  expect(rejectedHeader(copy, REJECTED_HEADERS.message)).toMatch(record.message);
  if (record.value === null) expect(copy.value).toBeNull();
  else expect(copy.value?.equals(record.value)).toBe(true);
  expect(copy.key?.toString('utf8')).toBe(record.key ?? undefined);
  for (const [name, value] of Object.entries(record.headers ?? {}))
    expect(rejectedHeader(copy, name)).toBe(value);
  expect(rejectedHeader(copy, REJECTED_HEADERS.part)).toBe(
    record.part === undefined ? undefined : String(record.part),
  );

  // The quarantine workflow: the exact reason and the record, losslessly.
  const handle = harness.client.workflow.getHandle<typeof quarantine>(
    quarantineWorkflowId({ topic, partition, offset }, 0),
  );
  const state = await waitFor('the quarantine workflow', () => handle.query(quarantineStateQuery), WAIT);
  expect(state.status).toBe('Quarantined');
  expect(state.reason.code).toBe(record.code);
  expect(state.reason.message).toMatch(record.message);
  expect(searchAttributes(await handle.describe())).toMatchObject({
    SyncStatus: 'Quarantined',
    SyncLastError: record.code,
  });
  const held = state.payloadRef
    ? await createPayloadStore(harness.aws.documents, harness.config.sync.table).get(state.payloadRef)
    : state.payload!;
  const bytes = Buffer.from(held, state.payloadEncoding === 'base64' ? 'base64' : 'utf8');
  if (record.part !== undefined) {
    // One bad IDoc of several: it is held alone; the good ones were routed and sync.
    expect(held).toMatch(/<MATNR><\/MATNR>/);
    const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
    for (const key of record.goodKeys ?? []) {
      expect(held).not.toContain(`<MATNR>${key}</MATNR>`);
      await waitFor(
        'a good IDoc of the same record stored',
        () => store.get('material', canonicalMaterialNumber(key)),
        WAIT,
      );
    }
  } else {
    expect(bytes.equals(record.value ?? Buffer.alloc(0))).toBe(true);
  }
}

async function expectStuck(record: HostileRecord, partition: number, offset: string): Promise<void> {
  const key = canonicalMaterialNumber(record.stuckKey!);
  const handle = harness.client.workflow.getHandle<typeof entitySync>(entityWorkflowId('material', key));
  const described = await waitFor(
    'the entity workflow Stuck',
    async () => {
      const description = await handle.describe();
      return searchAttributes(description).SyncStatus === 'Stuck' ? description : undefined;
    },
    WAIT,
  );
  expect(searchAttributes(described)).toMatchObject({ SyncStatus: 'Stuck', SyncLastError: record.code });
  const state = await handle.query(stateQuery);
  expect(state.stuck).toMatchObject({
    stage: 'transform',
    failureType: record.code,
    origin: { topic: harness.config.kafka.topics.material, partition, offset },
  });
  expect(state.stuck?.message).toMatch(record.message);
  // The change it holds is the document as produced.
  const history = await handle.fetchHistory();
  const signalPayloads = (history.events ?? [])
    .map((event) => event.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0])
    .filter((payload): payload is Payload => payload !== undefined && payload !== null);
  const signals = (await payloadDecoder(harness.config.temporal)(signalPayloads)).map((payload) =>
    Buffer.from(payload.data ?? new Uint8Array()).toString('utf8'),
  );
  expect(signals.some((signal) => signal.includes(record.heldText!))).toBe(true);
}

test('the catalogue has at least 25 kinds of bad record', () => {
  expect(KINDS.length).toBeGreaterThanOrEqual(25);
  expect(new Set(KINDS).size).toBe(KINDS.length);
});

test.each(KINDS.map((kind, index) => [kind, index] as const))('%s', async (kind, index) => {
  const record = catalogue.get(kind)!;
  const partition = index % 3;
  const handledBefore = ingester.handled;
  const offset = await produceOn(partition, record);
  await goodRecordSyncsAfter(partition);
  if (record.outcome === 'stuck') {
    await expectStuck(record, partition, offset);
    // Refused by the transform, not while routing: nothing on the rejected topic for it.
    expect(
      rejectedCopies.some(
        (copy) =>
          rejectedHeader(copy, REJECTED_HEADERS.offset) === offset &&
          rejectedHeader(copy, REJECTED_HEADERS.partition) === String(partition),
      ),
    ).toBe(false);
  } else {
    await expectQuarantined(record, partition, offset);
  }
  expectProcessesRunning(handledBefore);
});

test('an IDoc declared ISO-8859-1 syncs with the right characters', async () => {
  const matnr = randomMaterialNumber();
  const text = materialIdoc({
    matnr,
    docnum: (docnum += 1),
    description: 'Schraube Größe ½ Zoll, 10 µm',
  }).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
  await harness.produce(Buffer.from(text, 'latin1'), null);
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  const stored = await waitFor(
    'the ISO-8859-1 material stored',
    () => store.get('material', canonicalMaterialNumber(matnr)),
    WAIT,
  );
  expect(JSON.stringify(stored.data)).toContain('Schraube Größe ½ Zoll, 10 µm');
});

test('an xml-stylesheet processing instruction is ignored, never fetched; the IDoc syncs', async () => {
  const matnr = randomMaterialNumber();
  const { port } = fetchServer.address() as AddressInfo;
  const text = materialIdoc({ matnr, docnum: (docnum += 1) }).replace(
    '<MATMAS05>',
    `<?xml-stylesheet type="text/xsl" href="http://127.0.0.1:${port}/style.xsl"?>\n<MATMAS05>`,
  );
  await harness.produce(text, null);
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  await waitFor(
    'the material with a stylesheet stored',
    () => store.get('material', canonicalMaterialNumber(matnr)),
    WAIT,
  );
});

test('an IDoc with 108,000 entity and character references over 1,800 fields syncs, each one decoded', async () => {
  const matnr = randomMaterialNumber();
  await harness.produce(manyReferencesIdoc(matnr, (docnum += 1)), canonicalMaterialNumber(matnr));
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  const stored = await waitFor(
    'the material with many references stored',
    () => store.get('material', canonicalMaterialNumber(matnr)),
    WAIT,
  );
  const data = stored.data as { descriptions: { text: string }[]; longTexts: { text: string }[] };
  expect(data.descriptions[0]!.text).toBe('Bolts & nuts, 5 €');
  expect(data.longTexts[0]!.text).toBe(Array.from({ length: 1_800 }, () => REFERENCE_LINE_TEXT).join('\n'));
});
