/**
 * Nothing readable about a customer in Temporal: every payload and failure message of a customer's sync is
 * encrypted, read as the `temporal` CLI or the Web UI would read it without the codec; with the codec the same
 * history shows the data again.
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { createRecordStore } from '../../src/adapters/record-store';
import { payloadDecoder, temporalDataConverter } from '../../src/clients/temporal';
import { syncHubSinks } from '../../src/workers/create-worker';
import { workflowBundlePath } from '../support/test-env';
import { transformDocument } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { stateQuery } from '../../src/workflows/messages';
import { waitFor } from '../../src/util/wait-for';
import { Harness } from '../support/harness';
import { customerDocument, personalMarkers, type PersonalMarkers } from '../support/personal-markers';

jest.setTimeout(120_000);

const key = () => randomBytes(32).toString('base64');
const [OLD, NEW] = [`t1:${key()}`, `t2:${key()}`];
/** Before the rotation; after it (new key first, the old one kept); after the old key was removed. */
const KEYS = OLD;
const ROTATED = `${NEW},${OLD}`;
const RETIRED = NEW;

let harness: Harness;
let plainClient: Client;

beforeAll(async () => {
  // Encryption on, as an installation turns it on: keys in SYNCHUB_CODEC_KEYS (the first one encrypts).
  harness = await Harness.create({ env: { SYNCHUB_CODEC_KEYS: KEYS } });
  await harness.startWorker();
  await harness.startIngester();
  // What an operator's `temporal` CLI or the Web UI sees without the codec endpoint.
  const connection = await Connection.connect({ address: harness.config.temporal.address });
  plainClient = new Client({ connection, namespace: harness.config.temporal.namespace });
});

afterAll(async () => {
  await plainClient?.connection.close();
  await harness?.close();
});

/** Every `{metadata, data}` payload anywhere in a history's events, with where it was found. */
function payloadsIn(value: unknown, at = '', found: { at: string; payload: Payload }[] = []) {
  if (Array.isArray(value)) value.forEach((item, i) => payloadsIn(item, `${at}[${i}]`, found));
  else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (object.metadata && typeof object.metadata === 'object' && 'data' in object)
      found.push({ at, payload: object });
    else for (const [name, child] of Object.entries(object)) payloadsIn(child, `${at}.${name}`, found);
  }
  return found;
}

async function rawHistory(workflowId: string) {
  const history = await plainClient.workflow.getHandle(workflowId).fetchHistory();
  return { history, bytes: Buffer.from(temporal.api.history.v1.History.encode(history).finish()) };
}

function expectNone(bytes: Buffer, personal: PersonalMarkers): void {
  const found = Object.entries(personal).filter(([, value]) => bytes.includes(Buffer.from(value)));
  expect(found).toEqual([]);
}

test('a customer sync leaves no name, street or bank data readable in its history', async () => {
  const personal = personalMarkers();
  const document = customerDocument(personal);
  const [record] = transformDocument(document);
  await harness.produce(document, record!.entityKey, harness.config.kafka.topics.customer);
  const workflowId = entityWorkflowId('customer', record!.entityKey);
  await waitFor('the customer synced', async () => {
    const state = await harness.client.workflow.getHandle(workflowId).query(stateQuery);
    return state.counters.applied === 1;
  });

  const { history, bytes } = await rawHistory(workflowId);
  expectNone(bytes, personal);
  const found = payloadsIn(history.events);
  // Temporal's own bookkeeping stays in the clear: search attributes (type, key, status, version: never
  // personal data, README "Payload encryption"), patch markers and the local-activity marker's metadata
  // (sequence, attempt, activity type). Every other payload is encrypted.
  const temporalOwn =
    /\.searchAttributes\.indexedFields\.|\.markerRecordedEventAttributes\.details\.(patch-data|data)\./;
  const unencrypted = found
    .filter(({ payload }) => Buffer.from(payload.metadata?.encoding ?? []).toString() !== 'binary/encrypted')
    .filter(({ at }) => !temporalOwn.test(at))
    .map(
      ({ at, payload }) =>
        `${at}: ${Buffer.from(payload.data ?? [])
          .toString()
          .slice(0, 80)}`,
    );
  expect(unencrypted).toEqual([]);
  const payloads = found.map(({ payload }) => payload);
  expect(payloads.length).toBeGreaterThan(0);

  // With the codec the same payloads are the customer's data: the test would see a leak.
  const decoded = await payloadDecoder(harness.config.temporal)(payloads);
  const readable = Buffer.concat(decoded.map((p) => Buffer.from(p.data ?? [])));
  expect(readable.includes(Buffer.from(personal.name))).toBe(true);
  expect(readable.includes(Buffer.from(personal.iban))).toBe(true);
  // A query through the codec client reads plainly; the same query without it cannot.
  const state = await harness.client.workflow.getHandle(workflowId).query(stateQuery);
  expect(state.status).toBe('Synced');
  await expect(plainClient.workflow.getHandle(workflowId).query(stateQuery)).rejects.toThrow();
});

test('a document that fails on a personal value keeps the value out of the failure in the history', async () => {
  const personal = personalMarkers();
  // The bank details' valid-from date holds text: the transform fails naming the field, not the value.
  const document = customerDocument(personal, personal.street);
  const key = /<KUNNR>(\d+)<\/KUNNR>/.exec(document)![1]!.padStart(10, '0');
  await harness.produce(document, key, harness.config.kafka.topics.customer);
  const workflowId = entityWorkflowId('customer', key);
  const stuck = await waitFor('the customer Stuck on the bad value', async () => {
    const state = await harness.client.workflow.getHandle(workflowId).query(stateQuery);
    return state.status === 'Stuck' ? state : undefined;
  });
  // Through the codec the operator sees exactly what is wrong, without the personal value.
  expect(stuck.stuck?.message).toContain('field KOVON (bank details valid-from) is not a valid date');
  expect(stuck.stuck?.message).not.toContain(personal.street);

  const { history, bytes } = await rawHistory(workflowId);
  expectNone(bytes, personal);
  // Activity failures, local (marker) or not.
  const failures = (history.events ?? []).flatMap((event) => {
    const failure =
      event.activityTaskFailedEventAttributes?.failure ?? event.markerRecordedEventAttributes?.failure;
    return failure ? [failure] : [];
  });
  // The lean path returns the bad value's failure inside its (encrypted) result; any failure Temporal does
  // record is encoded (failing-tasks.test.ts shows one recorded and decoded).
  for (const failure of failures) {
    expect(failure.message).toBe('Encoded failure');
    expect(failure.encodedAttributes).toBeTruthy();
  }
});

test('after a key rotation an entity synced under the old key keeps syncing, reads and replays', async () => {
  const personal = personalMarkers();
  const first = customerDocument(personal);
  const [record] = transformDocument(first);
  const workflowId = entityWorkflowId('customer', record!.entityKey);
  await harness.produce(first, record!.entityKey, harness.config.kafka.topics.customer);
  await waitFor('the customer synced under the old key', async () => {
    const state = await harness.client.workflow.getHandle(workflowId).query(stateQuery);
    return state.counters.applied === 1;
  });

  // The rotation: workers restarted with the new key first and the old one kept.
  await harness.stopWorkers();
  await harness.startWorker({}, { inline: ROTATED });
  const rotated = new Client({
    connection: harness.client.connection,
    namespace: harness.config.temporal.namespace,
    dataConverter: temporalDataConverter({ codecKeys: { inline: ROTATED } }),
  });
  const second = first.replace(/<DOCNUM>0000000000300001<\/DOCNUM>/g, '<DOCNUM>0000000000300002</DOCNUM>');
  await harness.produce(second, record!.entityKey, harness.config.kafka.topics.customer);
  const state = await waitFor('the next version synced after the rotation', async () => {
    const current = await rotated.workflow.getHandle(workflowId).query(stateQuery);
    return current.counters.applied === 2 ? current : undefined;
  });
  expect(state.status).toBe('Synced');
  const stored = await createRecordStore(harness.aws.documents, harness.config.sync.table).get(
    'customer',
    record!.entityKey,
  );
  expect(stored?.version).toMatch(/0000000000300002$/);

  // The history now holds payloads under both keys, and replays with the rotated ring.
  const history = await rotated.workflow.getHandle(workflowId).fetchHistory();
  const keyIds = new Set(
    payloadsIn(history.events).flatMap(({ payload }) => {
      const id = payload.metadata?.['encryption-key-id'];
      return id ? [Buffer.from(id).toString()] : [];
    }),
  );
  expect([...keyIds].sort()).toEqual(['t1', 't2']);
  const replay = (keys: string) =>
    Worker.runReplayHistory(
      {
        workflowBundle: { codePath: workflowBundlePath() },
        sinks: syncHubSinks(),
        dataConverter: temporalDataConverter({ codecKeys: { inline: keys } }),
      },
      history,
      workflowId,
    );
  await replay(ROTATED);
  // Removed too early, the old key is missed: replay fails, and decoding names the key (as the codec server
  // and the synchub commands report it).
  await expect(replay(RETIRED)).rejects.toThrow(/Replay failed/);
  await expect(
    payloadDecoder({ codecKeys: { inline: RETIRED } })(
      payloadsIn(history.events).map(({ payload }) => payload),
    ),
  ).rejects.toThrow(/key t1, which is not in the key ring/);
});
