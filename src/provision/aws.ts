import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, ListSubscriptionsByTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../clients/aws';
import { deadLetterQueueName, queueName, type ConsumerDomain } from '../config/domains';
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

export function filterPolicy(domain: ConsumerDomain): Record<string, unknown> {
  return {
    entityType: domain.entityTypes === 'all' ? [{ exists: true }] : [...domain.entityTypes],
  };
}

/** Queue (with its DLQ) subscribed to the topic with the domain's filter policy; safe to run again. */
export async function ensureDomainQueue(
  clients: AwsClients,
  topicArn: string,
  prefix: string,
  domain: ConsumerDomain,
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
  const existing = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  const subscribed = existing.Subscriptions?.some((sub) => sub.Endpoint === queue.queueArn);
  if (!subscribed) {
    await clients.sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: queue.queueArn,
        Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify(filterPolicy(domain)) },
      }),
    );
  }
  return { domain: domain.name, ...queue, deadLetterQueueUrl: dlq.queueUrl };
}
