import { createHash } from 'node:crypto';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { CanonicalRecord } from '../domain';

export interface ChangeMessage extends CanonicalRecord {
  /** Same for every delivery of one (entity, version): consumers dedupe on it. */
  dedupKey: string;
}

export interface ChangePublisher {
  publish(record: CanonicalRecord): Promise<{ messageId: string; dedupKey: string }>;
}

export function dedupKey(record: Pick<CanonicalRecord, 'entityType' | 'entityKey' | 'version'>): string {
  return `${record.entityType}#${record.entityKey}#${record.version}`;
}

export function createChangePublisher(sns: SNSClient, topicArn: string): ChangePublisher {
  const fifo = topicArn.endsWith('.fifo');
  return {
    async publish(record) {
      const key = dedupKey(record);
      const message: ChangeMessage = { ...record, dedupKey: key };
      const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
      const result = await sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: JSON.stringify(message),
          MessageAttributes: {
            entityType: attribute(record.entityType),
            changeType: attribute(record.changeType),
            deleted: attribute(String(record.deleted)),
            version: attribute(record.version),
            dedupKey: attribute(key),
          },
          ...(fifo
            ? {
                MessageGroupId: `${record.entityType}#${record.entityKey}`.slice(0, 128),
                MessageDeduplicationId: createHash('sha256').update(key).digest('hex'),
              }
            : {}),
        }),
      );
      return { messageId: result.MessageId ?? '', dedupKey: key };
    },
  };
}
