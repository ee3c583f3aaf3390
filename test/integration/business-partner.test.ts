import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalKey } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { waitFor } from '../../src/util/wait-for';
import { stateQuery } from '../../src/workflows/messages';
import { changedEvent } from '../support/business-events';
import { Harness } from '../support/harness';
import { ODataServer } from '../support/odata-server';

jest.setTimeout(120_000);

const odata = new ODataServer();
let harness: Harness;
beforeAll(async () => {
  await odata.start();
  harness = await Harness.create({ env: { SYNCHUB_SAP_ODATA_URL: odata.baseUrl } });
  await harness.startWorker();
  await harness.startIngester();
});
afterAll(async () => {
  await harness.close();
  await odata.stop();
});

function randomPartner(): string {
  return String(2_000_000 + Math.floor(Math.random() * 7_000_000));
}

function store() {
  return createRecordStore(harness.aws.documents, harness.config.sync.table);
}

test('a key-only business event is enriched from API_BUSINESS_PARTNER and synced like any entity', async () => {
  const partner = randomPartner();
  const key = canonicalKey('businessPartner', partner);
  await harness.produce(changedEvent(partner), key, harness.config.kafka.topics.businessPartner);

  const stored = await waitFor(
    'business partner published',
    async () => {
      const record = await store().get('businessPartner', key);
      return record?.publishedVersion === record?.version ? record : undefined;
    },
    { timeoutMs: 60_000 },
  );
  expect(stored).toMatchObject({
    entityType: 'businessPartner',
    entityKey: key,
    source: { format: 'event', eventType: 'sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1' },
    data: { businessPartner: key, businessPartnerAsSent: partner },
  });
  expect(odata.requests).toContain(
    `/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner('${partner}')?$expand=to_BusinessPartnerAddress&$format=json`,
  );
  const crm = (await harness.drainQueue('crm')).filter((message) => message.body.entityKey === key);
  expect(crm).toHaveLength(1);
});

test('an SAP outage is retried with backoff until the read succeeds', async () => {
  const partner = randomPartner();
  const key = canonicalKey('businessPartner', partner);
  odata.failuresBeforeSuccess.set(partner, 2);
  await harness.produce(changedEvent(partner), key, harness.config.kafka.topics.businessPartner);
  await waitFor('business partner after SAP came back', () => store().get('businessPartner', key), {
    timeoutMs: 60_000,
  });
  expect(odata.failuresBeforeSuccess.get(partner)).toBe(0);
});

/** The partner's sync once it is Stuck. */
function stuckPartner(key: string) {
  return waitFor(
    'stuck business partner change',
    async () => {
      const current = await harness.client.workflow
        .getHandle(entityWorkflowId('businessPartner', key))
        .query(stateQuery);
      return current.status === 'Stuck' ? current : undefined;
    },
    { timeoutMs: 60_000 },
  );
}

test('a partner SAP no longer has leaves the sync Stuck with the reason, not retried forever', async () => {
  const partner = randomPartner();
  const key = canonicalKey('businessPartner', partner);
  odata.missing.add(partner);
  await harness.produce(changedEvent(partner), key, harness.config.kafka.topics.businessPartner);
  const state = await stuckPartner(key);
  expect(state.stuck).toMatchObject({ stage: 'transform', failureType: 'SourceNotFound' });
  expect(state.stuck!.message).toMatch(/404/);
  expect(await store().get('businessPartner', key)).toBeUndefined();
});

test('an SAP answer above the response size limit is not read to its end: Stuck, not retried', async () => {
  const partner = randomPartner();
  const key = canonicalKey('businessPartner', partner);
  const limit = harness.config.sap.maxResponseBytes;
  expect(limit).toBe(8 * 1024 * 1024);
  odata.oversized.set(partner, 50 * 1024 * 1024);
  await harness.produce(changedEvent(partner), key, harness.config.kafka.topics.businessPartner);
  const state = await stuckPartner(key);
  expect(state.stuck).toMatchObject({ stage: 'transform', failureType: 'SourceRejected' });
  expect(state.stuck!.message).toMatch(
    /HTTP 200 response body is larger than 8388608 bytes \(SYNCHUB_SAP_MAX_RESPONSE_BYTES\); the read was stopped there/,
  );
  // Non-retryable: asked once; and the client hung up long before the 50 MiB were out. What the server got
  // written before the hang-up reached it includes what the loopback socket buffers took (several MiB,
  // more on a loaded machine), so the bound is half the answer rather than the limit plus a margin.
  expect(odata.requests.filter((url) => url.includes(`'${partner}'`))).toHaveLength(1);
  const streamed = odata.streamed.get(partner)!;
  expect(streamed.finished).toBe(false);
  expect(streamed.bytes).toBeLessThan(25 * 1024 * 1024);
  expect(await store().get('businessPartner', key)).toBeUndefined();
});

test('a read that fails and then finds the partner gone leaves the sync Stuck at transform, not retried on', async () => {
  const partner = randomPartner();
  const key = canonicalKey('businessPartner', partner);
  // The first read (on the SAP task queue) meets an outage; the durable read then finds no such partner.
  odata.failuresBeforeSuccess.set(partner, 1);
  odata.missing.add(partner);
  await harness.produce(changedEvent(partner), key, harness.config.kafka.topics.businessPartner);
  const state = await stuckPartner(key);
  expect(state.stuck).toMatchObject({ stage: 'transform', failureType: 'SourceNotFound' });
  expect(odata.requests.filter((url) => url.includes(`'${partner}'`))).toHaveLength(2);
  expect(await store().get('businessPartner', key)).toBeUndefined();
});
