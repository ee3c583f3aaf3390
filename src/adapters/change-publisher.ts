import { createHash } from 'node:crypto';
import {
  PublishBatchCommand,
  type MessageAttributeValue,
  type PublishBatchRequestEntry,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { planViews, type DomainViews } from '../config/domain-views';
import { DEFAULT_DOMAINS } from '../config/domains';
import { currentTraceparent } from '../shared/trace-context';
import type { CanonicalRecord } from '../domain';
import { DEFAULT_SAP_SYSTEM, systemQualifier } from '../domain/sap-system';
import { projectRecord } from '../domain/views/field-allowlist';
import { qualifiedType } from '../shared/entity-id';
import { createGroupBatcher } from '../util/group-batcher';

export interface ChangeMessage extends CanonicalRecord {
  /** Same for every delivery of one (entity, version): consumers dedupe on it. */
  dedupKey: string;
}

export interface ChangePublisher {
  /**
   * Publishes one message per distinct view of the record (domains with identical projections share one),
   * all in one PublishBatch request. `messageId` is the first view's.
   */
  publish(record: CanonicalRecord): Promise<{ messageId: string; dedupKey: string }>;
}

/**
 * `material#<key>#<version>`; for an entity of another SAP system than the default the type is qualified
 * (`material@ERP2#<key>#<version>`, see entity-id.ts), so equal keys of two systems never share a key.
 * The erase message carries the version of the last applied change (the tombstone's), so its key is set apart
 * with `#erased`: a consumer that already took that version must not drop the erase as a duplicate.
 */
export function dedupKey(
  record: Pick<CanonicalRecord, 'entityType' | 'entityKey' | 'version' | 'sourceSystem'> & {
    changeType?: string;
  },
  defaultSystem: string = DEFAULT_SAP_SYSTEM,
): string {
  const type = qualifiedType(record.entityType, systemQualifier({ defaultSystem }, record.sourceSystem));
  const key = `${type}#${record.entityKey}#${record.version}`;
  return record.changeType === 'erased' ? `${key}#erased` : key;
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

/** One message of a change: the record as one view shows it. */
export interface ViewMessage {
  record: CanonicalRecord;
  /** The view's name: the domains it is for, joined by '+'. */
  view: string;
  /** The publishing change's trace context, passed on to the consumers as a message attribute. */
  traceparent?: string;
}

/** The messages of one change: one per distinct view of its entity type (none when no domain takes it). */
export function viewMessages(
  record: CanonicalRecord,
  views: DomainViews,
  traceparent?: string,
): ViewMessage[] {
  return views.viewsOf(record.entityType).map((view) => ({
    record: projectRecord(record, view.tree),
    view: view.name,
    ...(traceparent ? { traceparent } : {}),
  }));
}

/**
 * The PublishBatch entry of one message. On a FIFO topic the deduplication id includes the view: SNS would
 * otherwise drop the second view of a change as a duplicate of the first.
 */
export function viewEntry(
  { record, view, traceparent }: ViewMessage,
  id: string,
  fifo: boolean,
  defaultSystem: string = DEFAULT_SAP_SYSTEM,
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
      view: attribute(view),
      ...(traceparent ? { traceparent: attribute(traceparent) } : {}),
    },
    ...(fifo
      ? {
          MessageGroupId:
            `${qualifiedType(record.entityType, systemQualifier({ defaultSystem }, record.sourceSystem))}#${record.entityKey}`.slice(
              0,
              128,
            ),
          MessageDeduplicationId: createHash('sha256').update(`${key}#${view}`).digest('hex'),
        }
      : {}),
  };
}

/**
 * Publishes each change to the SNS topic the domain queues subscribe to, one message per view. Changes
 * published at about the same time (by concurrent activities) share one PublishBatch request, the messages
 * of one change always the same one; each caller learns its own change's fate.
 */
export function createChangePublisher(
  sns: SNSClient,
  topicArn: string,
  views: DomainViews = planViews(DEFAULT_DOMAINS),
  options: {
    /** The alias whose entities keep the unqualified dedupKey (SYNCHUB_DEFAULT_SAP_SYSTEM; default `SAP`). */
    defaultSystem?: string;
  } = {},
): ChangePublisher {
  const defaultSystem = options.defaultSystem ?? DEFAULT_SAP_SYSTEM;
  const fifo = topicArn.endsWith('.fifo');
  const publishBatch = createGroupBatcher<ViewMessage, string>({
    maxBatchSize: PUBLISH_BATCH_SIZE,
    waitMs: 2,
    async run(outgoing) {
      let result;
      try {
        result = await sns.send(
          new PublishBatchCommand({
            TopicArn: topicArn,
            PublishBatchRequestEntries: outgoing.map((item, index) =>
              viewEntry(item, String(index), fifo, defaultSystem),
            ),
          }),
        );
      } catch (error) {
        return outgoing.map(() => (error instanceof Error ? error : new Error(String(error))));
      }
      const succeeded = new Map((result.Successful ?? []).map((ok) => [ok.Id, ok.MessageId ?? '']));
      const failed = new Map((result.Failed ?? []).map((failure) => [failure.Id, failure]));
      return outgoing.map((_item, index) => {
        const id = String(index);
        const messageId = succeeded.get(id);
        if (messageId !== undefined) return messageId;
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
    async publish(record) {
      // Taken now, in the caller's context: the batch is sent later, from whichever call filled it.
      const messages = viewMessages(record, views, currentTraceparent());
      const results = await publishBatch(messages);
      const errors = results.filter((result): result is Error => result instanceof Error);
      // A message SNS refuses for good decides: retrying the change cannot help.
      const fatal = errors.find((error) => error instanceof PublishRejectedError && error.senderFault);
      if (errors.length > 0) throw fatal ?? errors[0]!;
      return {
        messageId: (results[0] as string | undefined) ?? '',
        dedupKey: dedupKey(record, defaultSystem),
      };
    },
  };
}
