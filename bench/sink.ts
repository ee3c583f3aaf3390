/**
 * The two AWS requests SyncHub has to make per change, written directly: a PutItem of the entity's CURRENT
 * item, conditional on its version, and one SNS PublishBatch of the record's views (one message per distinct
 * domain projection) to the topic the domain queues are subscribed to. Item layout and messages follow the
 * documented contract (README: Stored record, Message on the queues, Personal data per domain), so the sink
 * and the direct pipeline write what SyncHub writes.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PublishBatchCommand } from '@aws-sdk/client-sns';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { viewEntry, viewMessages } from '../src/adapters/change-publisher';
import { recordItem } from '../src/adapters/record-store';
import type { AwsClients } from '../src/clients/aws';
import { planViews } from '../src/config/domain-views';
import { DEFAULT_DOMAINS } from '../src/config/domains';
import type { CanonicalRecord } from '../src/domain';

export function currentItemKey(entityType: string, entityKey: string): { pk: string; sk: string } {
  return { pk: `ENTITY#${entityType}#${entityKey}`, sk: 'CURRENT' };
}

export interface Sink {
  /** False when the stored version is the same or newer (nothing written). */
  put(record: CanonicalRecord, storedAt: string): Promise<boolean>;
  publish(record: CanonicalRecord): Promise<void>;
}

export function createSink(
  aws: Pick<AwsClients, 'documents' | 'sns'>,
  table: string,
  topicArn: string,
): Sink {
  const views = planViews(DEFAULT_DOMAINS);
  const fifo = topicArn.endsWith('.fifo');
  return {
    async put(record, storedAt) {
      try {
        await aws.documents.send(
          new PutCommand({
            TableName: table,
            Item: recordItem(record, {
              ...currentItemKey(record.entityType, record.entityKey),
              gsi1pk: `TYPE#${record.entityType}`,
              gsi1sk: `${storedAt}#${record.entityKey}`,
              storedAt,
            }),
            ConditionExpression: 'attribute_not_exists(pk) OR #version < :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': record.version },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async publish(record) {
      const entries = viewMessages(record, views).map((message, index) =>
        viewEntry(message, String(index), fifo),
      );
      if (entries.length === 0) return;
      const result = await aws.sns.send(
        new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries }),
      );
      const failure = result.Failed?.[0];
      if (failure) throw new Error(`publish refused: ${failure.Code ?? ''} ${failure.Message ?? ''}`);
    },
  };
}
