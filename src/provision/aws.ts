import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../clients/aws';
import { planViews, viewDomains, type DomainViews } from '../config/domain-views';
import { DEFAULT_DOMAINS, deadLetterQueueName, queueName, type ConsumerDomain } from '../config/domains';
import { CHANGED_INDEX, TABLE_KEYS } from '../adapters/record-store';

export interface ProvisionedQueue {
  domain: string;
  queueUrl: string;
  queueArn: string;
  deadLetterQueueUrl: string;
}

const changedIndex = {
  IndexName: CHANGED_INDEX.name,
  KeySchema: [
    { AttributeName: CHANGED_INDEX.partition, KeyType: 'HASH' as const },
    { AttributeName: CHANGED_INDEX.sort, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
};

const changedIndexAttributes = [
  { AttributeName: CHANGED_INDEX.partition, AttributeType: 'S' as const },
  { AttributeName: CHANGED_INDEX.sort, AttributeType: 'S' as const },
];

/** The single table with its secondary index; an existing table without the index gets it added. */
export async function ensureTable(clients: AwsClients, table: string): Promise<void> {
  let existing;
  try {
    existing = (await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  if (existing) {
    if (existing.GlobalSecondaryIndexes?.some((index) => index.IndexName === CHANGED_INDEX.name)) return;
    await clients.dynamodb.send(
      new UpdateTableCommand({
        TableName: table,
        AttributeDefinitions: changedIndexAttributes,
        GlobalSecondaryIndexUpdates: [{ Create: changedIndex }],
      }),
    );
    return;
  }
  await clients.dynamodb.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: TABLE_KEYS.partition, AttributeType: 'S' },
        { AttributeName: TABLE_KEYS.sort, AttributeType: 'S' },
        ...changedIndexAttributes,
      ],
      KeySchema: [
        { AttributeName: TABLE_KEYS.partition, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sort, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [changedIndex],
    }),
  );
  await waitUntilTableExists({ client: clients.dynamodb, maxWaitTime: 60 }, { TableName: table });
}

export async function ensureTopic(clients: AwsClients, topicName: string): Promise<string> {
  const created = await clients.sns.send(new CreateTopicCommand({ Name: topicName }));
  if (!created.TopicArn) throw new Error(`SNS returned no ARN for topic ${topicName}`);
  return created.TopicArn;
}

async function ensureQueue(clients: AwsClients, name: string, attributes: Record<string, string>) {
  const { QueueUrl } = await clients.sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  if (!QueueUrl) throw new Error(`SQS returned no URL for queue ${name}`);
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueArn = Attributes?.QueueArn;
  if (!queueArn) throw new Error(`SQS returned no ARN for queue ${name}`);
  return { queueUrl: QueueUrl, queueArn };
}

/** SNS allows at most 150 combinations of values in one filter policy. */
const MAX_POLICY_COMBINATIONS = 150;

/** The view names a filter policy accepts (every `view` list of strings in it). */
export function policyViewNames(policy: unknown): string[] {
  if (typeof policy !== 'object' || policy === null) return [];
  const { view } = policy as Record<string, unknown>;
  return Array.isArray(view) ? view.filter((value): value is string => typeof value === 'string') : [];
}

/**
 * A domain receives its entity types in the views cut for it: a message whose `view` names the domain.
 * `retained` are view names an earlier provisioning accepted: kept while they name the domain, so messages
 * of workers still running an older configuration arrive until those workers are replaced (a view name
 * lists its audience, so accepting one that names the domain is always right). A message without a `view`
 * attribute comes from a SyncHub before views: it carries the whole record, as every domain received it then.
 */
export function filterPolicy(
  domain: ConsumerDomain,
  views: DomainViews = planViews(DEFAULT_DOMAINS),
  retained: readonly string[] = [],
): Record<string, unknown> {
  const entityType = domain.entityTypes === 'all' ? [{ exists: true }] : [...domain.entityTypes];
  const current = views.viewNames(domain.name);
  const kept = retained.filter((name) => viewDomains(name).includes(domain.name) && !current.includes(name));
  const limit = Math.floor(MAX_POLICY_COMBINATIONS / entityType.length) - 1 - current.length;
  const names = [...current, ...[...new Set(kept)].sort().slice(0, Math.max(0, limit))];
  // The values of one attribute are alternatives: one of the names, or no view attribute at all.
  return { entityType, view: [...names, { exists: false }] };
}

async function findSubscription(clients: AwsClients, topicArn: string, endpoint: string) {
  let nextToken: string | undefined;
  do {
    const page = await clients.sns.send(
      new ListSubscriptionsByTopicCommand({
        TopicArn: topicArn,
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    const found = page.Subscriptions?.find((sub) => sub.Endpoint === endpoint);
    if (found?.SubscriptionArn) return found.SubscriptionArn;
    nextToken = page.NextToken;
  } while (nextToken);
  return undefined;
}

function parsePolicy(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The subscription of a domain queue with the domain's filter policy: created when absent, its policy
 * replaced when it differs (an installation provisioned before views filtered on `entityType` alone).
 */
async function ensureSubscription(
  clients: AwsClients,
  topicArn: string,
  queueArn: string,
  domain: ConsumerDomain,
  views: DomainViews,
): Promise<void> {
  const subscriptionArn = await findSubscription(clients, topicArn, queueArn);
  if (!subscriptionArn || subscriptionArn === 'PendingConfirmation') {
    await clients.sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: queueArn,
        Attributes: {
          RawMessageDelivery: 'true',
          FilterPolicy: JSON.stringify(filterPolicy(domain, views)),
        },
      }),
    );
    return;
  }
  const { Attributes } = await clients.sns.send(
    new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }),
  );
  const existing = Attributes?.FilterPolicy;
  const wanted = JSON.stringify(filterPolicy(domain, views, policyViewNames(parsePolicy(existing))));
  if (existing !== undefined && JSON.stringify(parsePolicy(existing)) === wanted) return;
  await clients.sns.send(
    new SetSubscriptionAttributesCommand({
      SubscriptionArn: subscriptionArn,
      AttributeName: 'FilterPolicy',
      AttributeValue: wanted,
    }),
  );
}

/**
 * Queue (with its DLQ) subscribed to the topic with the domain's filter policy; safe to run again, and
 * brings the filter policy of an existing subscription up to date. `views` come from the same domain list
 * as `domain` (the workers' configuration).
 */
export async function ensureDomainQueue(
  clients: AwsClients,
  topicArn: string,
  prefix: string,
  domain: ConsumerDomain,
  views: DomainViews = planViews(DEFAULT_DOMAINS),
): Promise<ProvisionedQueue> {
  const dlq = await ensureQueue(clients, deadLetterQueueName(prefix, domain.name), {
    MessageRetentionPeriod: String(14 * 24 * 3600),
  });
  const queue = await ensureQueue(clients, queueName(prefix, domain.name), {
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlq.queueArn,
      maxReceiveCount: domain.maxReceiveCount,
    }),
    Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: '*',
          Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
        },
      ],
    }),
  });
  await ensureSubscription(clients, topicArn, queue.queueArn, domain, views);
  return { domain: domain.name, ...queue, deadLetterQueueUrl: dlq.queueUrl };
}
