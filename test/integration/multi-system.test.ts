import * as os from 'node:os';
import * as path from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalKey, canonicalMaterialNumber } from '../../src/domain';
import { httpOk } from '../../src/stack/readiness';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { freeLoopbackPort } from '../../src/workers/temporal-runtime';
import { stateQuery } from '../../src/workflows/messages';
import { quarantineStateQuery } from '../../src/workflows/quarantine-messages';
import { SyncSourceSystem } from '../../src/workflows/search-attributes';
import { runSynchub } from '../support/cli';
import { Harness, type QueueMessage } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';
import { SupervisedProcess } from '../support/synchub-process';
import { changedEvent } from '../support/business-events';
import { ODataServer } from '../support/odata-server';

jest.setTimeout(180_000);

/** Two clients side by side: S/4HANA client 100 is the default system ERP, an ECC client 200 is ERP2. */
const SYSTEMS = { SYNCHUB_SAP_SYSTEMS: 'ERP=S4HCLNT100,ERP2=ECCCLNT200', SYNCHUB_DEFAULT_SAP_SYSTEM: 'ERP' };

/** SAP's business-partner API of the default system (ERP). */
const odata = new ODataServer();

beforeAll(async () => {
  await odata.start();
  // Every version applied (none coalesced), so each history is exactly what was sent.
  harness = await Harness.create({
    env: { ...SYSTEMS, SYNCHUB_COALESCE: 'none', SYNCHUB_SAP_ODATA_URL: odata.baseUrl },
  });
});

let harness: Harness;
let api: SupervisedProcess;
let apiUrl: string;
beforeAll(async () => {
  await harness.startWorker();
  await harness.startIngester();
  const port = await freeLoopbackPort();
  apiUrl = `http://127.0.0.1:${port}`;
  api = new SupervisedProcess(
    'api',
    'serve',
    { ...harness.env, SYNCHUB_HTTP_PORT: String(port) },
    path.join(os.tmpdir(), `synchub-systems-${harness.id}`),
  );
  api.start();
  await waitFor('the API to answer /healthz', () => httpOk(`${apiUrl}/healthz`), { timeoutMs: 60_000 });
});
afterAll(async () => {
  await api?.stop();
  await harness?.close();
  await odata.stop();
});

const serial = (n: number) => `202612010900${String(n).padStart(2, '0')}`;

function store() {
  return createRecordStore(harness.aws.documents, harness.config.sync.table, { defaultSystem: 'ERP' });
}

async function messagesFor(domain: string, entityKey: string, count: number): Promise<QueueMessage[]> {
  const seen: QueueMessage[] = [];
  return waitFor(`${count} messages for ${entityKey} on ${domain}`, async () => {
    seen.push(
      ...(await harness.drainQueue(domain)).filter((message) => message.body.entityKey === entityKey),
    );
    return seen.length >= count ? seen : undefined;
  });
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test('the same material number from two SAP systems is two entities, each with its own history and messages', async () => {
  const matnr = randomMaterialNumber();
  const key = canonicalMaterialNumber(matnr);
  const topic = harness.config.kafka.topics.material;
  // Each system sends its own material 4711: the same number, different data.
  const erp = { matnr, docnum: 11, serial: serial(1), sender: 'S4HCLNT100', description: 'Pump (S/4)' };
  const erp2 = { matnr, docnum: 21, serial: serial(2), sender: 'ECCCLNT200', description: 'Valve (ECC)' };
  await harness.produce(materialIdoc(erp), key, topic);
  await harness.produce(materialIdoc(erp2), key, topic);
  await harness.produce(
    materialIdoc({ ...erp2, docnum: 22, serial: serial(3), description: 'Valve v2' }),
    key,
    topic,
  );

  const erpVersion = `${serial(1)}.0000000000000011`;
  const erp2Version = `${serial(3)}.0000000000000022`;
  const current = await waitFor('both current records', async () => {
    const [a, b] = await Promise.all([
      store().get('material', key, 'ERP'),
      store().get('material', key, 'ERP2'),
    ]);
    return a?.publishedVersion === erpVersion && b?.publishedVersion === erp2Version ? { a, b } : undefined;
  });
  expect(current.a).toMatchObject({ entityKey: key, sourceSystem: 'ERP', version: erpVersion });
  expect(JSON.stringify(current.a.data)).toContain('Pump (S/4)');
  expect(current.b).toMatchObject({ entityKey: key, sourceSystem: 'ERP2', version: erp2Version });
  expect(JSON.stringify(current.b.data)).toContain('Valve v2');

  // Two partitions: the default system's under today's key, the other's qualified.
  const item = async (pk: string) =>
    (
      await harness.aws.documents.send(
        new GetCommand({ TableName: harness.config.sync.table, Key: { pk, sk: 'CURRENT' } }),
      )
    ).Item;
  expect(await item(`ENTITY#material#${key}`)).toMatchObject({ version: erpVersion, sourceSystem: 'ERP' });
  expect(await item(`ENTITY#material@ERP2#${key}`)).toMatchObject({
    version: erp2Version,
    sourceSystem: 'ERP2',
  });

  // Two workflows, each carrying its system.
  for (const [workflowId, system] of [
    [entityWorkflowId('material', key), 'ERP'],
    [`material@ERP2:${key}`, 'ERP2'],
  ] as const) {
    const description = await harness.client.workflow.getHandle(workflowId).describe();
    expect(description.typedSearchAttributes.get(SyncSourceSystem)).toBe(system);
  }
  const listed = await waitFor('the ERP2 sync in visibility', async () => {
    const ids: string[] = [];
    const query = `SyncSourceSystem = "ERP2" AND SyncEntityKey = "${key}"`;
    for await (const workflow of harness.client.workflow.list({ query })) ids.push(workflow.workflowId);
    return ids.length > 0 ? ids : undefined;
  });
  expect(listed).toEqual([`material@ERP2:${key}`]);

  // Each its own history, through the CLI.
  const history = async (...system: string[]) => {
    const result = await runSynchub(['history', 'material', matnr, ...system], { env: harness.env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { version: string; sourceSystem?: string });
  };
  expect((await history()).map((v) => [v.version, v.sourceSystem])).toEqual([[erpVersion, 'ERP']]);
  expect((await history('--system', 'ERP')).map((v) => v.version)).toEqual([erpVersion]);
  expect((await history('--system', 'ERP2')).map((v) => [v.version, v.sourceSystem])).toEqual([
    [`${serial(2)}.0000000000000021`, 'ERP2'],
    [erp2Version, 'ERP2'],
  ]);
  const get = await runSynchub(['get', 'material', matnr, '--system', 'ERP2'], { env: harness.env });
  expect(JSON.parse(get.stdout)).toMatchObject({ sourceSystem: 'ERP2', version: erp2Version });
  const unknown = await runSynchub(['get', 'material', matnr, '--system', 'QAS'], { env: harness.env });
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toMatch(/--system: no SAP system "QAS" is configured/);
  const changed = await runSynchub(
    ['changed', 'material', '--since', new Date(Date.now() - 600_000).toISOString(), '--system', 'ERP2'],
    { env: harness.env },
  );
  const changedKeys = changed.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { entityKey: string; sourceSystem: string });
  expect(changedKeys).toContainEqual(expect.objectContaining({ entityKey: key, sourceSystem: 'ERP2' }));
  expect(changedKeys.every((record) => record.sourceSystem === 'ERP2')).toBe(true);

  // And through the HTTP API.
  expect(await getJson(`${apiUrl}/entities/material/${matnr}?system=ERP2`)).toMatchObject({
    status: 200,
    body: { sourceSystem: 'ERP2', version: erp2Version },
  });
  expect(await getJson(`${apiUrl}/entities/material/${matnr}`)).toMatchObject({
    status: 200,
    body: { sourceSystem: 'ERP', version: erpVersion },
  });
  expect(
    (await getJson(`${apiUrl}/entities/material/${matnr}/versions?system=ERP2`)).body.versions,
  ).toHaveLength(2);
  expect(await getJson(`${apiUrl}/syncs/material/${matnr}?system=ERP2`)).toMatchObject({
    status: 200,
    body: { workflowId: `material@ERP2:${key}`, sourceSystem: 'ERP2' },
  });
  expect(await getJson(`${apiUrl}/entities/material/${matnr}?system=QAS`)).toMatchObject({
    status: 400,
    body: { code: 'UnknownSystem' },
  });

  // Each system's own fan-out: three messages, each naming its system, with dedupKeys that never meet.
  const messages = await messagesFor('ecommerce', key, 3);
  expect(
    messages
      .map((message) => [
        message.body.sourceSystem,
        message.attributes.sourceSystem,
        message.attributes.dedupKey,
      ])
      .sort(),
  ).toEqual(
    [
      ['ERP', 'ERP', `material#${key}#${erpVersion}`],
      ['ERP2', 'ERP2', `material@ERP2#${key}#${serial(2)}.0000000000000021`],
      ['ERP2', 'ERP2', `material@ERP2#${key}#${erp2Version}`],
    ].sort(),
  );
});

test('a document from a sender no system is configured for is quarantined as UNKNOWN_SAP_SYSTEM, nothing lost', async () => {
  const matnr = randomMaterialNumber();
  const key = canonicalMaterialNumber(matnr);
  const document = materialIdoc({ matnr, docnum: 31, serial: serial(4), sender: 'QASCLNT300' });
  const query = `SyncStatus = "Quarantined" AND TaskQueue = "${harness.config.temporal.taskQueue}"`;
  const before = new Set<string>();
  for await (const workflow of harness.client.workflow.list({ query })) before.add(workflow.workflowId);
  await harness.produce(document, key, harness.config.kafka.topics.material);

  const id = await waitFor(
    'quarantine workflow',
    async () => {
      for await (const workflow of harness.client.workflow.list({ query }))
        if (!before.has(workflow.workflowId)) return workflow.workflowId;
      return undefined;
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  const state = await harness.client.workflow.getHandle(id).query(quarantineStateQuery);
  expect(state).toMatchObject({
    status: 'Quarantined',
    reason: { code: 'UNKNOWN_SAP_SYSTEM' },
    payload: document,
  });
  expect(state.reason.message).toContain(
    "sender 'QASCLNT300' is not mapped to a SAP system in SYNCHUB_SAP_SYSTEMS",
  );
  // No entity of any system was made of it.
  expect(await store().get('material', key, 'ERP')).toBeUndefined();
  expect(await store().get('material', key, 'ERP2')).toBeUndefined();

  // Over HTTP the same: refused with the reason; a mapped sender's document is accepted naming its system.
  const post = async (xml: string) => {
    const response = await fetch(`${apiUrl}/idocs`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: xml,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  expect(await post(document)).toMatchObject({
    status: 422,
    body: { refused: [expect.objectContaining({ code: 'UNKNOWN_SAP_SYSTEM' })] },
  });
  expect(
    await post(materialIdoc({ matnr, docnum: 32, serial: serial(5), sender: 'ECCCLNT200' })),
  ).toMatchObject({
    status: 202,
    body: { accepted: [expect.objectContaining({ entityKey: key, sourceSystem: 'ERP2' })] },
  });
});

test('a replay of one SAP system re-drives only its changes', async () => {
  const topic = harness.config.kafka.topics.material;
  const replay = async (system: string) => {
    const result = await runSynchub(['replay', '--topic', topic, '--system', system], {
      env: harness.env,
      timeoutMs: 120_000,
    });
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as { read: number; routed: number; quarantined: number };
  };
  // On the topic so far: ERP's one IDoc, ERP2's two and the one accepted over HTTP, the unmapped sender's.
  expect(await replay('ERP2')).toMatchObject({ read: 5, routed: 3, quarantined: 1 });
  expect(await replay('ERP')).toMatchObject({ read: 5, routed: 1, quarantined: 1 });
  const refused = await runSynchub(['replay', '--topic', topic, '--system', 'QAS'], { env: harness.env });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/--system: no SAP system "QAS" is configured/);
});

test("erasing one system's entity leaves the other system's entity with the same key as it was", async () => {
  const matnr = randomMaterialNumber();
  const key = canonicalMaterialNumber(matnr);
  const topic = harness.config.kafka.topics.material;
  const erp = { matnr, docnum: 31, serial: serial(4), sender: 'S4HCLNT100', description: 'Kept (S/4)' };
  const erp2 = { matnr, docnum: 41, serial: serial(5), sender: 'ECCCLNT200', description: 'Erased (ECC)' };
  await harness.produce(materialIdoc(erp), key, topic);
  await harness.produce(materialIdoc(erp2), key, topic);
  const erpVersion = `${serial(4)}.0000000000000031`;
  const erp2Version = `${serial(5)}.0000000000000041`;
  await waitFor('both systems synced', async () => {
    const [a, b] = await Promise.all([
      store().get('material', key, 'ERP'),
      store().get('material', key, 'ERP2'),
    ]);
    return a?.publishedVersion === erpVersion && b?.publishedVersion === erp2Version ? true : undefined;
  });
  await messagesFor('ecommerce', key, 2);

  const erased = await runSynchub(
    ['erase', 'material', matnr, '--system', 'ERP2', '--by', 'dpo', '--reason', 'test'],
    { env: harness.env },
  );
  expect(erased.code).toBe(0);
  expect(JSON.parse(erased.stdout)).toMatchObject({
    status: 'erased',
    entityKey: key,
    version: erp2Version,
    workflowGone: true,
    dedupKey: `material@ERP2#${key}#${erp2Version}#erased`,
  });

  // ERP2's entity is a tombstone with no history; ERP's is untouched, its sync still there.
  expect(await store().get('material', key, 'ERP2')).toMatchObject({
    erased: true,
    data: null,
    sourceSystem: 'ERP2',
  });
  expect(await store().history('material', key, 'ERP2')).toEqual([]);
  const kept = await store().get('material', key, 'ERP');
  expect(kept).toMatchObject({ version: erpVersion, sourceSystem: 'ERP' });
  expect(JSON.stringify(kept?.data)).toContain('Kept (S/4)');
  expect((await store().history('material', key, 'ERP')).map((record) => record.version)).toEqual([
    erpVersion,
  ]);
  await expect(harness.client.workflow.getHandle(`material@ERP2:${key}`).describe()).rejects.toThrow();
  expect(
    (await harness.client.workflow.getHandle(entityWorkflowId('material', key)).describe()).workflowId,
  ).toBe(entityWorkflowId('material', key));

  // The domains hear of ERP2's erasure only.
  const [message] = await messagesFor('ecommerce', key, 1);
  expect(message!.body).toMatchObject({ changeType: 'erased', sourceSystem: 'ERP2', data: null });
});

test("a partner event of a system without an OData service is not read from the default system's", async () => {
  const partner = String(2_000_000 + Math.floor(Math.random() * 7_000_000));
  const key = canonicalKey('businessPartner', partner);
  const topic = harness.config.kafka.topics.businessPartner;
  const event = (sender: string) =>
    changedEvent(partner).replace('"/default/sap.s4.beh/730431274"', `"/default/sap.s4.beh/${sender}"`);
  expect(event('ECCCLNT200')).toContain('/default/sap.s4.beh/ECCCLNT200');

  // ERP2's event: refused at the read, not retried, and SAP (ERP's service) is never asked for the partner.
  await harness.produce(event('ECCCLNT200'), key, topic);
  const state = await waitFor("ERP2's partner stuck", async () => {
    try {
      const handle = harness.client.workflow.getHandle(`businessPartner@ERP2:${key}`);
      const current = await handle.query(stateQuery);
      return current.stuck ? current : undefined;
    } catch {
      return undefined;
    }
  });
  expect(state.stuck).toMatchObject({ failureType: 'SourceNotConfigured' });
  expect(state.stuck!.message).toMatch(
    /of SAP system ERP2, which has no OData service: add ERP2=<its API_BUSINESS_PARTNER URL> to SYNCHUB_SAP_ODATA_URLS/,
  );
  expect(odata.requests.filter((url) => url.includes(`'${partner}'`))).toEqual([]);

  // The default system's event for the same partner number is read and synced.
  await harness.produce(event('S4HCLNT100'), key, topic);
  const stored = await waitFor("ERP's partner stored", () => store().get('businessPartner', key, 'ERP'));
  expect(stored).toMatchObject({ entityKey: key, sourceSystem: 'ERP' });
  expect(odata.requests.filter((url) => url.includes(`'${partner}'`))).toHaveLength(1);
  expect(await store().get('businessPartner', key, 'ERP2')).toBeUndefined();
});
