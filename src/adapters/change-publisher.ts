import { createHash } from 'node:crypto';
import {
  PublishBatchCommand,
  type MessageAttributeValue,
  type PublishBatchRequestEntry,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { currentTraceparent } from '../shared/trace-context';
import type { CanonicalRecord } from '../domain';
import { DEFAULT_SAP_SYSTEM, systemQualifier } from '../domain/sap-system';
import { qualifiedType } from '../shared/entity-id';
import { createBatcher } from '../util/batcher';

export interface ChangeMessage extends CanonicalRecord {
  /** Same for every delivery of one (entity, version): consumers dedupe on it. */
  dedupKey: string;
}

export interface ChangePublisher {
  publish(record: CanonicalRecord): Promise<{ messageId: string; dedupKey: string }>;
}

/**
 * `material#<key>#<version>`; for an entity of another SAP system than the default the type is qualified
 * (`material@ERP2#<key>#<version>`, see entity-id.ts), so equal keys of two systems never share a key.
 */
export function dedupKey(
  record: Pick<CanonicalRecord, 'entityType' | 'entityKey' | 'version' | 'sourceSystem'>,
  defaultSystem: string = DEFAULT_SAP_SYSTEM,
): string {
  const type = qualifiedType(record.entityType, systemQualifier({ defaultSystem }, record.sourceSystem));
  return `${type}#${record.entityKey}#${record.version}`;
}

/** SNS PublishBatch takes at most 10 messages. */
const PUBLISH_BATCH_SIZE = 10;

export class PublishRejectedError extends Error {
  override readonly name = 'PublishRejectedError';
  constructor(
    readonly code: string,
    message: string,
    /** SNS says whether the sender is at fault (e.g. a message too large): then a retry cannot help. */
    readonly senderFault: boolean,
  ) {
    super(`${code}: ${message}`);
  }
}

interface Outgoing {
  record: CanonicalRecord;
  /** The publishing change's trace context, passed on to the consumers as a message attribute. */
  traceparent?: string;
}

function entry(
  { record, traceparent }: Outgoing,
  id: string,
  fifo: boolean,
  defaultSystem: string,
): PublishBatchRequestEntry {
  const key = dedupKey(record, defaultSystem);
  const sourceSystem = record.sourceSystem ?? defaultSystem;
  const message: ChangeMessage = { ...record, sourceSystem, dedupKey: key };
  const attribute = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });
  return {
    Id: id,
    Message: JSON.stringify(message),
    MessageAttributes: {
      entityType: attribute(record.entityType),
      sourceSystem: attribute(sourceSystem),
      changeType: attribute(record.changeType),
      deleted: attribute(String(record.deleted)),
      version: attribute(record.version),
      dedupKey: attribute(key),
      ...(traceparent ? { traceparent: attribute(traceparent) } : {}),
    },
    ...(fifo
      ? {
          MessageGroupId: key.slice(0, key.lastIndexOf('#')).slice(0, 128),
          MessageDeduplicationId: createHash('sha256').update(key).digest('hex'),
        }
      : {}),
  };
}

/**
 * Publishes each change to the SNS topic the domain queues subscribe to. Changes published at about the same
 * time (by concurrent activities) share one PublishBatch request; each caller learns its own message's fate.
 */
export function createChangePublisher(
  sns: SNSClient,
  topicArn: string,
  options: {
    /** The alias whose entities keep the unqualified dedupKey (SYNCHUB_DEFAULT_SAP_SYSTEM; default `SAP`). */
    defaultSystem?: string;
  } = {},
): ChangePublisher {
  const defaultSystem = options.defaultSystem ?? DEFAULT_SAP_SYSTEM;
  const fifo = topicArn.endsWith('.fifo');
  const publishBatch = createBatcher<Outgoing, { messageId: string; dedupKey: string }>({
    maxBatchSize: PUBLISH_BATCH_SIZE,
    waitMs: 2,
    async run(outgoing) {
      let result;
      try {
        result = await sns.send(
          new PublishBatchCommand({
            TopicArn: topicArn,
            PublishBatchRequestEntries: outgoing.map((item, index) =>
              entry(item, String(index), fifo, defaultSystem),
            ),
          }),
        );
      } catch (error) {
        return outgoing.map(() => (error instanceof Error ? error : new Error(String(error))));
      }
      const succeeded = new Map((result.Successful ?? []).map((ok) => [ok.Id, ok.MessageId ?? '']));
      const failed = new Map((result.Failed ?? []).map((failure) => [failure.Id, failure]));
      return outgoing.map(({ record }, index) => {
        const id = String(index);
        const messageId = succeeded.get(id);
        if (messageId !== undefined) return { messageId, dedupKey: dedupKey(record, defaultSystem) };
        const failure = failed.get(id);
        return new PublishRejectedError(
          failure?.Code ?? 'Unknown',
          failure?.Message ?? 'SNS did not report this message',
          failure?.SenderFault ?? false,
        );
      });
    },
  });
  return {
    publish: (record) => {
      // Taken now, in the caller's context: the batch is sent later, from whichever call filled it.
      const traceparent = currentTraceparent();
      return publishBatch(traceparent ? { record, traceparent } : { record });
    },
  };
}
