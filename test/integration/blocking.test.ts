import type { EntityType } from '../../src/domain/entity';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalKey } from '../../src/domain';
import { DEFAULT_DOMAINS } from '../../src/config/domains';
import { waitFor } from '../../src/util/wait-for';
import { changedEvent } from '../support/business-events';
import { Harness } from '../support/harness';
import { customerDocument, personalMarkers } from '../support/personal-markers';
import { ODataServer } from '../support/odata-server';

/*
 * SAP's data-protection block reaches SyncHub as a business partner whose API answer says
 * BusinessPartnerIsBlocked or IsBusinessPurposeCompleted, or as a customer or vendor IDoc whose general
 * segment carries CVP_XBLCK: the stored record becomes minimised, the older versions (personal data) go, and
 * the domains get `changeType: "blocked"` without the personal fields.
 */

jest.setTimeout(180_000);

const odata = new ODataServer();
let harness: Harness;
beforeAll(async () => {
  await odata.start();
  harness = await Harness.create({ env: { SYNCHUB_SAP_ODATA_URL: odata.baseUrl } });
  await harness.startWorker();
  await harness.startIngester();
});
afterAll(async () => {
  await harness?.close();
  await odata.stop();
});

function store() {
  return createRecordStore(harness.aws.documents, harness.config.sync.table);
}

/**
 * What blocking leaves: only the blocked version in the history, no item of the entity's partition holding a
 * personal marker, and exactly one `blocked` message without them on every receiving domain queue.
 */
async function expectOnlyMinimised(
  entityType: 'businessPartner' | 'customer',
  key: string,
  blockedVersion: string,
  markers: readonly string[],
): Promise<void> {
  const history = await store().history(entityType, key);
  expect(history.map((record) => record.version)).toEqual([blockedVersion]);
  const { Items = [] } = await harness.aws.documents.send(
    new QueryCommand({
      TableName: harness.config.sync.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `ENTITY#${entityType}#${key}` },
      ConsistentRead: true,
    }),
  );
  expect(Items.length).toBeGreaterThan(0);
  for (const item of Items) {
    const sk = String(item.sk);
    const hits = markers.filter((marker) => JSON.stringify(item).includes(marker));
    expect({ sk, hits }).toEqual({ sk, hits: [] });
  }
  for (const domain of receivingDomains(entityType)) {
    const messages = (await harness.drainQueue(domain)).filter((message) => message.body.entityKey === key);
    expect({ domain, changeTypes: messages.map((message) => message.body.changeType) }).toEqual({
      domain,
      changeTypes: ['blocked'],
    });
    expect(messages[0]!.attributes.changeType).toBe('blocked');
    for (const marker of markers) expect(JSON.stringify(messages[0])).not.toContain(marker);
  }
}

function receivingDomains(entityType: EntityType): string[] {
  return DEFAULT_DOMAINS.filter(
    (domain) => domain.entityTypes === 'all' || domain.entityTypes.includes(entityType),
  ).map((domain) => domain.name);
}

test('a partner that SAP blocks is stored and published minimised, its older versions purged', async () => {
  const partner = String(2_000_000 + Math.floor(Math.random() * 7_000_000));
  const key = canonicalKey('businessPartner', partner);
  const personal = personalMarkers();
  const markers = [personal.name, personal.street];
  const withPerson = (body: string) =>
    body
      .replace(/"LastName": "Doe"/g, `"LastName": "${personal.name}"`)
      .replace(/"StreetName": "Dietmar-Hopp-Allee"/g, `"StreetName": "${personal.street}"`);
  const topic = harness.config.kafka.topics.businessPartner;
  const receiving = receivingDomains('businessPartner');

  odata.rewrites.set(partner, withPerson);
  await harness.produce(changedEvent(partner), key, topic);
  const first = await waitFor(
    'the partner synced',
    async () => {
      const record = await store().get('businessPartner', key);
      return record && record.publishedVersion === record.version ? record : undefined;
    },
    { timeoutMs: 60_000 },
  );
  expect(JSON.stringify(first)).toContain(personal.name);
  expect(first.changeType).not.toBe('blocked');
  for (const domain of receiving) await harness.drainQueue(domain);

  // SAP blocks the partner (end of purpose): the next event's read answers with the flag set.
  odata.rewrites.set(partner, (body) =>
    withPerson(body).replace('"BusinessPartnerIsBlocked": false', '"BusinessPartnerIsBlocked": true'),
  );
  await harness.produce(changedEvent(partner), key, topic);
  const blocked = await waitFor(
    'the blocked version stored and published',
    async () => {
      const record = await store().get('businessPartner', key);
      return record?.changeType === 'blocked' && record.publishedVersion === record.version
        ? record
        : undefined;
    },
    { timeoutMs: 60_000 },
  );
  expect(blocked.version > first.version).toBe(true);
  expect(blocked.data).toMatchObject({
    businessPartner: key,
    businessPartnerAsSent: partner,
    blocks: { central: true, businessPurposeCompleted: false },
  });
  expect(blocked.data).not.toHaveProperty('person');
  expect(blocked.data).not.toHaveProperty('addresses');

  // Only the minimised version is left; no item of the entity holds the personal data.
  await expectOnlyMinimised('businessPartner', key, blocked.version, markers);
});

test('a customer IDoc with CVP_XBLCK set is stored and published minimised, its older versions purged', async () => {
  const personal = personalMarkers();
  const markers = [personal.name, personal.street, personal.iban, personal.contact, personal.phone];
  const document = customerDocument(personal);
  const key = /<KUNNR>(\d+)<\/KUNNR>/.exec(document)![1]!.padStart(10, '0');
  // The same customer later: a newer IDoc (later creation time and number) with the flag set.
  const blockedDocument = document
    .replace('<DOCNUM>0000000000300001</DOCNUM>', '<DOCNUM>0000000000300002</DOCNUM>')
    .replace('<CRETIM>091530</CRETIM>', '<CRETIM>091531</CRETIM>')
    .replace('<E1KNA1M SEGMENT="1">', '<E1KNA1M SEGMENT="1"><CVP_XBLCK>X</CVP_XBLCK>');
  expect(blockedDocument).toContain('<CVP_XBLCK>X</CVP_XBLCK>');
  expect(blockedDocument).toContain('<CRETIM>091531</CRETIM>');
  const topic = harness.config.kafka.topics.customer;
  const receiving = receivingDomains('customer');

  await harness.produce(document, key, topic);
  const first = await waitFor(
    'the customer synced',
    async () => {
      const record = await store().get('customer', key);
      return record && record.publishedVersion === record.version ? record : undefined;
    },
    { timeoutMs: 60_000 },
  );
  expect(JSON.stringify(first)).toContain(personal.name);
  for (const domain of receiving) await harness.drainQueue(domain);

  await harness.produce(blockedDocument, key, topic);
  const blocked = await waitFor(
    'the blocked version stored and published',
    async () => {
      const record = await store().get('customer', key);
      return record?.changeType === 'blocked' && record.publishedVersion === record.version
        ? record
        : undefined;
    },
    { timeoutMs: 60_000 },
  );
  expect(blocked.version > first.version).toBe(true);
  expect(blocked.data).toMatchObject({ customerNumber: key, blocks: { businessPurposeCompleted: true } });
  expect(blocked.data).not.toHaveProperty('names');
  expect(blocked.data).not.toHaveProperty('bankDetails');

  await expectOnlyMinimised('customer', key, blocked.version, markers);
});
