import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { createChangePublisher, dedupKey } from '../../src/adapters/change-publisher';
import { createRecordStore } from '../../src/adapters/record-store';
import { planViews } from '../../src/config/domain-views';
import { DEFAULT_DOMAINS } from '../../src/config/domains';
import {
  canonicalMaterialNumber,
  transformDocument,
  type CanonicalRecord,
  type EntityType,
} from '../../src/domain';
import { filterPolicy } from '../../src/provision/aws';
import { compileAllowlist, projectRecord } from '../../src/domain/views/field-allowlist';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { resyncSignal } from '../../src/workflows/messages';
import { runSynchub } from '../support/cli';
import { Harness, type QueueMessage } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';
import {
  customerDocument,
  personalMarkers,
  vendorDocument,
  type PersonalMarkers,
} from '../support/personal-markers';

/*
 * Data minimisation per consuming domain on the real stack: each domain's queue carries exactly the fields
 * its allowlist names, the stored record stays whole, and an installation provisioned before views gets its
 * subscriptions' filter policies updated by `synchub provision`.
 */

jest.setTimeout(240_000);

let harness: Harness;
const collected = new Map<string, QueueMessage[]>();

beforeAll(async () => {
  harness = await Harness.create();
  await harness.startWorker();
  await harness.startIngester();
});
afterAll(async () => {
  await harness.close();
});

const DOMAINS = DEFAULT_DOMAINS.map((domain) => domain.name);

/** Everything that arrived on a domain's queue so far (drained messages are kept here). */
async function received(domain: string): Promise<QueueMessage[]> {
  const seen = collected.get(domain) ?? [];
  seen.push(...(await harness.drainQueue(domain)));
  collected.set(domain, seen);
  return seen;
}

async function messagesOf(domain: string, entityKey: string, version?: string): Promise<QueueMessage[]> {
  return (await received(domain)).filter(
    (message) =>
      message.body.entityKey === entityKey && (version === undefined || message.body.version === version),
  );
}

/** Waits until every listed domain holds `count` messages of the entity (version), then returns them. */
async function deliveries(domains: string[], entityKey: string, count = 1, version?: string) {
  const byDomain: Record<string, QueueMessage[]> = {};
  await waitFor(
    `${count} message(s) of ${entityKey} on ${domains.join(', ')}`,
    async () => {
      for (const domain of domains) byDomain[domain] = await messagesOf(domain, entityKey, version);
      return domains.every((domain) => byDomain[domain]!.length >= count) ? true : undefined;
    },
    { timeoutMs: 90_000 },
  );
  return byDomain;
}

function keyOf(document: string, field: 'KUNNR' | 'LIFNR'): string {
  return new RegExp(`<${field}>(\\d+)</${field}>`).exec(document)![1]!.padStart(10, '0');
}

function store() {
  return createRecordStore(harness.aws.documents, harness.config.sync.table);
}

async function storedRecord(entityType: EntityType, entityKey: string): Promise<CanonicalRecord> {
  const stored = await waitFor(`${entityType} ${entityKey} stored and published`, async () => {
    const item = await store().get(entityType, entityKey);
    return item?.publishedVersion === item?.version ? item : undefined;
  });
  const { storedAt: _at, publishedVersion: _published, fanOutError: _error, ...record } = stored;
  return record;
}

function allowlistOf(domain: string, type: EntityType) {
  return DEFAULT_DOMAINS.find((d) => d.name === domain)!.fields[type]!;
}

/** The message body a domain must get: the record projected by its allowlist, with the dedupKey. */
function expectedBody(domain: string, record: CanonicalRecord) {
  const view = projectRecord(record, compileAllowlist(allowlistOf(domain, record.entityType)));
  // Every message names its SAP system; the default system's is `SAP` when none is configured.
  return {
    ...view,
    sourceSystem: record.sourceSystem ?? 'SAP',
    dedupKey: `${record.entityType}#${record.entityKey}#${record.version}`,
  };
}

/** The top-level members of `data` an allowlist names (what a view of a full record may hold). */
function allowedMembers(domain: string, type: EntityType): Set<string> | 'all' {
  const allowlist = allowlistOf(domain, type);
  if (allowlist === '*') return 'all';
  return new Set(allowlist.map((path) => path.split('.')[0]!.replace(/\[\]$/, '')));
}

function markersIn(body: unknown, markers: PersonalMarkers): string[] {
  const text = JSON.stringify(body);
  return (Object.keys(markers) as (keyof PersonalMarkers)[]).filter((marker) =>
    text.includes(markers[marker]),
  );
}

async function produceParty(type: 'customer' | 'vendor', markers: PersonalMarkers) {
  const document = type === 'customer' ? customerDocument(markers) : vendorDocument(markers);
  const key = keyOf(document, type === 'customer' ? 'KUNNR' : 'LIFNR');
  await harness.produce(document, key, harness.config.kafka.topics[type]);
  return key;
}

test('customer and vendor: each domain queue carries exactly its allowlisted fields; the store keeps all', async () => {
  const customerMarkers = personalMarkers();
  const vendorMarkers = personalMarkers();
  const customerKey = await produceParty('customer', customerMarkers);
  const vendorKey = await produceParty('vendor', vendorMarkers);

  for (const [type, key, markers, owner] of [
    ['customer', customerKey, customerMarkers, 'crm'],
    ['vendor', vendorKey, vendorMarkers, 'procurement'],
  ] as const) {
    const record = await storedRecord(type, key);
    // The stored record is complete: every marker, the IBAN included.
    expect(markersIn(record, markers).sort()).toEqual(Object.keys(markers).sort());

    const receivers = DEFAULT_DOMAINS.filter(
      (domain) => domain.entityTypes === 'all' || domain.entityTypes.includes(type),
    ).map((domain) => domain.name);
    expect(receivers.sort()).toEqual(['analytics', owner].sort());
    const byDomain = await deliveries(receivers, key);

    for (const domain of receivers) {
      expect({ domain, count: byDomain[domain]!.length }).toEqual({ domain, count: 1 });
      const [message] = byDomain[domain]!;
      expect(message!.body).toEqual(expectedBody(domain, record));
      const allowed = allowedMembers(domain, type);
      expect(allowed).not.toBe('all');
      for (const member of Object.keys(message!.body.data as object))
        expect({ domain, member, allowed: (allowed as Set<string>).has(member) }).toMatchObject({
          allowed: true,
        });
      // The envelope goes whole: everything outside data is the record's own, plus the dedupKey.
      expect(Object.keys(message!.body).sort()).toEqual([...Object.keys(record), 'dedupKey'].sort());
      expect(message!.attributes).toMatchObject({
        entityType: type,
        version: record.version,
        dedupKey: `${type}#${key}#${record.version}`,
        view: domain,
      });
    }
    // Analytics: no name, street, IBAN, contact person or phone.
    expect(markersIn(byDomain.analytics![0]!.body, markers)).toEqual([]);
    expect(byDomain.analytics![0]!.body.data).not.toHaveProperty('bankDetails');
    expect(byDomain.analytics![0]!.body.data).not.toHaveProperty('contactPersons');
    // The owning domain gets names, street, contact persons and phone, but no bank details.
    expect(markersIn(byDomain[owner]![0]!.body, markers).sort()).toEqual([
      'contact',
      'name',
      'phone',
      'street',
    ]);
    expect(byDomain[owner]![0]!.body.data).not.toHaveProperty('bankDetails');
  }
  for (const domain of ['ecommerce']) {
    expect(await messagesOf(domain, customerKey)).toEqual([]);
    expect(await messagesOf(domain, vendorKey)).toEqual([]);
  }
  expect(await messagesOf('procurement', customerKey)).toEqual([]);
  expect(await messagesOf('crm', vendorKey)).toEqual([]);

  // An operator's resync republishes through the same views, with the same dedupKey.
  const record = await storedRecord('customer', customerKey);
  await harness.client.workflow.getHandle(entityWorkflowId('customer', customerKey)).signal(resyncSignal);
  const again = await deliveries(['crm', 'analytics'], customerKey, 2);
  for (const domain of ['crm', 'analytics']) {
    expect(again[domain]![1]!.body).toEqual(expectedBody(domain, record));
    expect(again[domain]![1]!.attributes.dedupKey).toBe(again[domain]![0]!.attributes.dedupKey);
  }
  expect(markersIn(again.analytics![1]!.body, customerMarkers)).toEqual([]);
});

test('a material reaches ecommerce, procurement and analytics whole, in one shared view', async () => {
  const matnr = randomMaterialNumber();
  const key = canonicalMaterialNumber(matnr);
  await harness.produce(materialIdoc({ matnr, docnum: 7301, description: 'Valve body' }), key);
  const record = await storedRecord('material', key);
  const byDomain = await deliveries(['ecommerce', 'procurement', 'analytics'], key);
  for (const domain of ['ecommerce', 'procurement', 'analytics']) {
    expect(byDomain[domain]).toHaveLength(1);
    expect(byDomain[domain]![0]!.body).toEqual({ ...record, dedupKey: `material#${key}#${record.version}` });
    expect(byDomain[domain]![0]!.attributes.view).toBe('analytics+ecommerce+procurement');
  }
  expect(await messagesOf('crm', key)).toEqual([]);
});

test('an envelope-only change (no data) reaches every domain that receives the type', async () => {
  const publisher = createChangePublisher(
    harness.aws.sns,
    harness.config.sync.snsTopicArn,
    planViews(harness.config.domains),
  );
  const key = `9${Date.now().toString().slice(-9)}`;
  const envelope = {
    entityType: 'customer',
    entityKey: key,
    version: '20261201030000.0000000000000001',
    changeType: 'erased',
    deleted: true,
    source: { format: 'odata', service: 'API_BUSINESS_PARTNER', entitySet: 'A_BusinessPartner' },
    data: null,
  } as unknown as CanonicalRecord;
  await publisher.publish(envelope);
  const byDomain = await deliveries(['crm', 'analytics'], key);
  for (const domain of ['crm', 'analytics'])
    expect(byDomain[domain]![0]!.body).toEqual({
      ...envelope,
      sourceSystem: 'SAP',
      dedupKey: dedupKey(envelope),
    });
  expect(await messagesOf('ecommerce', key)).toEqual([]);
  expect(await messagesOf('procurement', key)).toEqual([]);
});

test('upgrade: provision updates a subscription created with the old entityType-only filter policy', async () => {
  const topicArn = harness.config.sync.snsTopicArn;
  const crmQueue = harness.queues.crm!;
  const { Subscriptions } = await harness.aws.sns.send(
    new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }),
  );
  const subscriptionArn = Subscriptions!.find((sub) => sub.Endpoint === crmQueue.queueArn)!.SubscriptionArn!;
  const policyOf = async () =>
    JSON.parse(
      (await harness.aws.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn })))
        .Attributes!.FilterPolicy!,
    ) as Record<string, unknown>;
  // As the version before views subscribed it.
  const oldPolicy = { entityType: ['customer', 'businessPartner', 'salesOrder'] };
  await harness.aws.sns.send(
    new SetSubscriptionAttributesCommand({
      SubscriptionArn: subscriptionArn,
      AttributeName: 'FilterPolicy',
      AttributeValue: JSON.stringify(oldPolicy),
    }),
  );

  // Workers publishing views before provisioning: the old policy lets every view of the type through.
  const first = personalMarkers();
  const firstKey = await produceParty('customer', first);
  const leaked = await deliveries(['crm'], firstKey, 2);
  expect(leaked.crm!.map((message) => message.attributes.view).sort()).toEqual(['analytics', 'crm']);

  const provisioned = await runSynchub(['provision'], { env: harness.env, timeoutMs: 120_000 });
  expect({ code: provisioned.code, stderr: provisioned.stderr }).toMatchObject({ code: 0 });
  expect(await policyOf()).toEqual({
    entityType: ['customer', 'businessPartner', 'salesOrder'],
    view: ['crm', 'crm+ecommerce', { exists: false }],
  });

  // Now crm gets its own view only.
  const second = personalMarkers();
  const secondKey = await produceParty('customer', second);
  const own = await deliveries(['crm', 'analytics'], secondKey);
  expect(own.crm!.map((message) => message.attributes.view)).toEqual(['crm']);
  expect(markersIn(own.analytics![0]!.body, second)).toEqual([]);

  // A worker of the version before views (no view attribute, the whole record) still reaches crm.
  const record = await storedRecord('customer', secondKey);
  const legacyVersion = '20261201030000.0000000000000099';
  await harness.aws.sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Message: JSON.stringify({ ...record, version: legacyVersion }),
      MessageAttributes: { entityType: { DataType: 'String', StringValue: 'customer' } },
    }),
  );
  const legacy = await deliveries(['crm', 'analytics'], secondKey, 1, legacyVersion);
  expect(legacy.crm).toHaveLength(1);

  // Running provision again changes nothing.
  const again = await runSynchub(['provision'], { env: harness.env, timeoutMs: 120_000 });
  expect({ code: again.code, stderr: again.stderr }).toMatchObject({ code: 0 });
  expect(await policyOf()).toEqual({
    entityType: ['customer', 'businessPartner', 'salesOrder'],
    view: ['crm', 'crm+ecommerce', { exists: false }],
  });
  for (const domain of DOMAINS) await received(domain);
});

test('a FIFO topic delivers every view of a change (each view has its own deduplication ID)', async () => {
  const { aws, id } = harness;
  const { TopicArn } = await aws.sns.send(
    new CreateTopicCommand({ Name: `synchub-${id}-views.fifo`, Attributes: { FifoTopic: 'true' } }),
  );
  const views = planViews(DEFAULT_DOMAINS);
  const queueUrls: Record<string, string> = {};
  try {
    for (const name of ['crm', 'analytics']) {
      const { QueueUrl } = await aws.sqs.send(
        new CreateQueueCommand({
          QueueName: `${id}-${name}.fifo`,
          Attributes: {
            FifoQueue: 'true',
            Policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Service: 'sns.amazonaws.com' },
                  Action: 'sqs:SendMessage',
                  Resource: '*',
                  Condition: { ArnEquals: { 'aws:SourceArn': TopicArn } },
                },
              ],
            }),
          },
        }),
      );
      queueUrls[name] = QueueUrl!;
      const { Attributes } = await aws.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
      );
      const domain = DEFAULT_DOMAINS.find((d) => d.name === name)!;
      await aws.sns.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: 'sqs',
          Endpoint: Attributes!.QueueArn,
          Attributes: {
            RawMessageDelivery: 'true',
            FilterPolicy: JSON.stringify(filterPolicy(domain, views)),
          },
        }),
      );
    }
    const record = transformDocument(customerDocument(personalMarkers()))[0]!;
    await createChangePublisher(aws.sns, TopicArn!, views).publish(record);
    for (const name of ['crm', 'analytics']) {
      const body = await waitFor(`the ${name} view on the FIFO queue`, async () => {
        const { Messages } = await aws.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrls[name],
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
          }),
        );
        return Messages?.[0]?.Body;
      });
      expect(JSON.parse(body)).toEqual(expectedBody(name, record));
    }
  } finally {
    for (const url of Object.values(queueUrls)) await aws.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await aws.sns.send(new DeleteTopicCommand({ TopicArn }));
  }
});
