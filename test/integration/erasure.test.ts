import * as os from 'node:os';
import * as path from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { WorkflowNotFoundError } from '@temporalio/client';
import { createRecordStore } from '../../src/adapters/record-store';
import { DEFAULT_DOMAINS } from '../../src/config/domains';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { httpOk } from '../../src/stack/readiness';
import { freeLoopbackPort } from '../../src/workers/temporal-runtime';
import { waitFor } from '../../src/util/wait-for';
import { stateQuery } from '../../src/workflows/messages';
import { runSynchub } from '../support/cli';
import { Harness } from '../support/harness';
import { customerDocument, personalMarkers, type PersonalMarkers } from '../support/personal-markers';
import { SupervisedProcess } from '../support/synchub-process';

/*
 * Erasure on request against the real stack: a customer with invented personal data syncs in three versions,
 * `synchub erase` (a real CLI process) leaves only a marker-free tombstone, deletes the workflow runs and
 * tells every domain that receives customers; neither a late redelivery of the old IDocs nor `synchub replay`
 * of the topic brings the data back.
 */

jest.setTimeout(300_000);

let harness: Harness;
beforeAll(async () => {
  harness = await Harness.create();
  await harness.startWorker();
  await harness.startIngester();
});
afterAll(async () => {
  await harness?.close();
});

function store() {
  return createRecordStore(harness.aws.documents, harness.config.sync.table);
}

/** The three versions of one customer: the same keys, later creation times and IDoc numbers. */
function versionsOf(document: string): string[] {
  return [1, 2, 3].map((n) =>
    document
      .replace('<DOCNUM>0000000000300001</DOCNUM>', `<DOCNUM>000000000030000${n}</DOCNUM>`)
      .replace('<CRETIM>091530</CRETIM>', `<CRETIM>09153${n}</CRETIM>`),
  );
}

function markerHits(text: string, personal: PersonalMarkers): string[] {
  return (Object.values(personal) as string[]).filter((marker) => text.includes(marker));
}

/** Every item of the test table (a full scan), as JSON text per item. */
async function scanTable(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await harness.aws.documents.send(
      new ScanCommand({
        TableName: harness.config.sync.table,
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

async function assertErased(key: string, personal: PersonalMarkers, tombstoneVersion: string): Promise<void> {
  const pk = `ENTITY#customer#${key}`;
  const items = await scanTable();
  const hits = items.filter((item) => markerHits(JSON.stringify(item), personal).length > 0);
  expect(hits.map((item) => `${String(item.pk)} ${String(item.sk)}`)).toEqual([]);
  // Left in the partition: the tombstone, and audit items of redelivered versions that a newer one in the
  // same batch overtook (coalescing): a source document's ID and version, no data.
  const partition = items.filter((item) => item.pk === pk);
  const audit = partition.filter((item) => String(item.sk).startsWith('SUPERSEDED#'));
  expect(partition.filter((item) => !audit.includes(item)).map((item) => item.sk)).toEqual(['CURRENT']);
  for (const item of audit) expect(item).not.toHaveProperty('data');
  expect(partition.find((item) => item.sk === 'CURRENT')).toMatchObject({
    erased: true,
    version: tombstoneVersion,
    changeType: 'erased',
  });
}

async function workflowGone(workflowId: string): Promise<boolean> {
  try {
    await harness.client.workflow.getHandle(workflowId).describe();
    return false;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return true;
    throw error;
  }
}

test('erase leaves only a tombstone, deletes the runs, tells the domains, and nothing brings it back', async () => {
  const personal = personalMarkers();
  const documents = versionsOf(customerDocument(personal));
  const key = /<KUNNR>(\d+)<\/KUNNR>/.exec(documents[0]!)![1]!.padStart(10, '0');
  const topic = harness.config.kafka.topics.customer;
  const workflowId = entityWorkflowId('customer', key);

  for (const [index, document] of documents.entries()) {
    await harness.produce(document, key, topic);
    await waitFor(
      `version ${index + 1} of customer ${key} stored and published`,
      async () => {
        const history = await store().history('customer', key);
        const current = await store().get('customer', key);
        return history.length === index + 1 && current?.publishedVersion === current?.version;
      },
      { timeoutMs: 60_000 },
    );
  }
  const versions = (await store().history('customer', key)).map((record) => record.version);
  expect(versions).toHaveLength(3);
  const newest = versions.at(-1)!;
  expect(markerHits(JSON.stringify(await store().get('customer', key)), personal).length).toBeGreaterThan(0);
  const receiving = DEFAULT_DOMAINS.filter(
    (domain) => domain.entityTypes === 'all' || domain.entityTypes.includes('customer'),
  ).map((domain) => domain.name);
  expect(receiving.length).toBeGreaterThan(0);
  for (const domain of receiving) await harness.drainQueue(domain);

  // The sync is still running (idle timeout 60 s): erase ends it.
  const erase = await runSynchub(
    ['erase', 'customer', key, '--by', 'dpo@example.test', '--reason', 'request GDPR-4711'],
    { env: harness.env, timeoutMs: 120_000 },
  );
  expect(erase.stderr).toContain(`erased customer ${key}`);
  expect(erase.code).toBe(0);
  const report = JSON.parse(erase.stdout) as Record<string, unknown>;
  expect(report).toMatchObject({ status: 'erased', entityKey: key, version: newest });
  expect(report.workflowRunsDeleted).toBeGreaterThanOrEqual(1);

  await assertErased(key, personal, newest);
  await waitFor('workflow runs deleted', () => workflowGone(workflowId), { timeoutMs: 60_000 });

  for (const domain of receiving) {
    const messages = (await harness.drainQueue(domain)).filter((message) => message.body.entityKey === key);
    expect({ domain, changeTypes: messages.map((message) => message.body.changeType) }).toEqual({
      domain,
      changeTypes: ['erased'],
    });
    expect(messages[0]!.body).toMatchObject({
      entityType: 'customer',
      version: newest,
      dedupKey: `customer#${key}#${newest}#erased`,
      data: null,
    });
    expect(messages[0]!.attributes.changeType).toBe('erased');
    expect(markerHits(JSON.stringify(messages[0]), personal)).toEqual([]);
  }

  const get = await runSynchub(['get', 'customer', key], { env: harness.env });
  expect(get.code).toBe(0);
  expect(JSON.parse(get.stdout)).toMatchObject({ erased: true, data: null, version: newest });
  const history = await runSynchub(['history', 'customer', key], { env: harness.env });
  expect(history.code).toBe(0);
  expect(history.stdout.trim().split('\n')).toHaveLength(1);
  for (const output of [get, history])
    expect(markerHits(output.stdout + output.stderr, personal)).toEqual([]);

  const register = await runSynchub(['erasures', '--type', 'customer', '--key', key], { env: harness.env });
  expect(register.code).toBe(0);
  expect(JSON.parse(register.stdout.trim())).toMatchObject({
    entityType: 'customer',
    entityKey: key,
    version: newest,
    by: 'dpo@example.test',
    reason: 'request GDPR-4711',
    repeated: false,
  });

  // Idempotent: a second erasure says so and succeeds.
  const again = await runSynchub(
    ['erase', 'customer', key, '--by', 'dpo@example.test', '--reason', 'again'],
    {
      env: harness.env,
      timeoutMs: 120_000,
    },
  );
  expect(again.code).toBe(0);
  expect(again.stderr).toContain('already erased');
  expect(JSON.parse(again.stdout)).toMatchObject({ status: 'alreadyErased', version: newest });

  // An unknown key is refused clearly.
  const unknown = await runSynchub(['erase', 'customer', '9999999999', '--by', 'x', '--reason', 'y'], {
    env: harness.env,
    timeoutMs: 120_000,
  });
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toMatch(/nothing stored for customer 9999999999/);

  // A late redelivery of every old IDoc: a new sync starts, finds the tombstone, writes nothing.
  for (const document of documents) await harness.produce(document, key, topic);
  const settled = async (received: number) =>
    waitFor(
      `the new sync of customer ${key} took ${received} changes`,
      async () => {
        const state = await harness.client.workflow.getHandle(workflowId).query(stateQuery);
        return state.counters.received >= received && state.pendingVersions.length === 0 ? state : undefined;
      },
      { timeoutMs: 60_000 },
    );
  const redelivered = await settled(3);
  expect(redelivered.counters.applied).toBe(0);
  await assertErased(key, personal, newest);

  // A replay of the topic's whole history (as restoring changes): the version guard keeps them out too.
  const replay = await runSynchub(['replay', '--topic', topic], { env: harness.env, timeoutMs: 120_000 });
  expect(replay.code).toBe(0);
  const replayed = await settled(6);
  expect(replayed.counters.restored).toBe(0);
  expect(replayed.counters.applied).toBe(0);
  await assertErased(key, personal, newest);
  expect(await store().history('customer', key)).toEqual([]);
});

test('the HTTP API erases with the erase role only, and answers 404 for an unknown entity', async () => {
  const operatorKey = `operator-${harness.id}`;
  const eraserKey = `eraser-${harness.id}`;
  const port = await freeLoopbackPort();
  const api = new SupervisedProcess(
    'api',
    'serve',
    {
      ...harness.env,
      SYNCHUB_HTTP_PORT: String(port),
      SYNCHUB_API_KEYS: `read+operate:${operatorKey},erase:${eraserKey}`,
    },
    path.join(os.tmpdir(), `synchub-erasure-${harness.id}`),
  );
  api.start();
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor('the API to answer', () => httpOk(`${base}/healthz`), { timeoutMs: 60_000 });
    const personal = personalMarkers();
    const [document] = versionsOf(customerDocument(personal));
    const key = /<KUNNR>(\d+)<\/KUNNR>/.exec(document!)![1]!.padStart(10, '0');
    await harness.produce(document!, key, harness.config.kafka.topics.customer);
    await waitFor(
      'the customer stored and published',
      async () => {
        const current = await store().get('customer', key);
        return current !== undefined && current.publishedVersion === current.version;
      },
      { timeoutMs: 60_000 },
    );
    const erase = (token: string, entityKey = key) =>
      fetch(`${base}/syncs/customer/${entityKey}/erase`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ by: 'dpo', reason: 'request 42' }),
      });

    const refused = await erase(operatorKey);
    expect(refused.status).toBe(403);
    expect((await store().get('customer', key))?.erased).toBeUndefined();

    const erased = await erase(eraserKey);
    expect(erased.status).toBe(200);
    expect(await erased.json()).toMatchObject({ status: 'erased', entityKey: key, workflowGone: true });
    const again = await erase(eraserKey);
    expect(await again.json()).toMatchObject({ status: 'alreadyErased' });

    const read = await fetch(`${base}/entities/customer/${key}`, {
      headers: { authorization: `Bearer ${operatorKey}` },
    });
    const body = await read.text();
    expect(JSON.parse(body)).toMatchObject({ erased: true, changeType: 'erased', data: null });
    expect(markerHits(body, personal)).toEqual([]);

    const unknown = await erase(eraserKey, '9999999998');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('nothing stored for customer 9999999998');
  } finally {
    await api.stop();
  }
});
