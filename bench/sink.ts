/**
 * The two AWS requests SyncHub has to make per change, written directly: a PutItem of the entity's CURRENT
 * item, conditional on its version, and an SNS Publish of the record to the topic the domain queues are
 * subscribed to. Item layout and message follow the documented contract (README: Stored record, Message on
 * the queues), so the sink and the direct pipeline write what SyncHub writes.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PublishCommand } from '@aws-sdk/client-sns';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { recordItem } from '../src/adapters/record-store';
import type { AwsClients } from '../src/clients/aws';
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
      const dedupKey = `${record.entityType}#${record.entityKey}#${record.version}`;
      const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
      await aws.sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: JSON.stringify({ ...record, dedupKey }),
          MessageAttributes: {
            entityType: attribute(record.entityType),
            changeType: attribute(record.changeType),
            deleted: attribute(String(record.deleted)),
            version: attribute(record.version),
            dedupKey: attribute(dedupKey),
          },
        }),
      );
    },
  };
}
