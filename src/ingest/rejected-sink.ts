import type { IHeaders, Producer } from 'kafkajs';
import type { Logger } from '../logger';
import type { DecodeFailure } from '../shared/document-routing';
import type { PayloadRef } from '../shared/payload-ref';

export interface RecordOrigin {
  topic: string;
  partition: number;
  offset: string;
  key?: string;
}

/** A record exactly as it was consumed, with where it came from. */
export interface RejectedRecord {
  origin: RecordOrigin;
  key: Buffer | null;
  /** null: a tombstone. */
  value: Buffer | null;
  headers: IHeaders;
  /** Where the value is stored aside instead (a record too large to copy): the copy carries no value. */
  stored?: StoredValue;
}

/** A record's value kept in the payload store; `encoding` 'base64': stored as base64 (not UTF-8 text). */
export interface StoredValue {
  ref: PayloadRef;
  encoding?: 'base64';
}

export interface RejectedSink {
  reject(record: RejectedRecord, failure: DecodeFailure): Promise<void>;
}

/** Headers the sink adds; the record's own headers of the same names are replaced. */
export const REJECTED_HEADERS = {
  code: 'synchub-error-code',
  message: 'synchub-error-message',
  part: 'synchub-error-part',
  topic: 'synchub-source-topic',
  partition: 'synchub-source-partition',
  offset: 'synchub-source-offset',
  rejectedAt: 'synchub-rejected-at',
  /** The value is not in the copy: JSON of its payload-store reference (`store`, `sha256`, `bytes`, `chunks`). */
  payloadRef: 'synchub-payload-ref',
  /** `base64` when the stored value is the record's bytes in base64. */
  payloadEncoding: 'synchub-payload-encoding',
} as const;

/**
 * A rejected record's own headers with the reason and origin added (replacing its own headers of those names).
 * Without a partition and offset the record came from outside Kafka (`topic` then says where, e.g. `http`).
 * With `stored`, they say where the value was stored aside.
 */
export function rejectedHeaders(
  own: IHeaders,
  failure: DecodeFailure,
  origin: { topic: string; partition?: number; offset?: string },
  at: Date,
  stored?: StoredValue,
): IHeaders {
  return {
    ...own,
    [REJECTED_HEADERS.code]: failure.code,
    [REJECTED_HEADERS.message]: failure.message,
    ...(failure.part === undefined ? {} : { [REJECTED_HEADERS.part]: String(failure.part) }),
    [REJECTED_HEADERS.topic]: origin.topic,
    ...(origin.partition === undefined ? {} : { [REJECTED_HEADERS.partition]: String(origin.partition) }),
    ...(origin.offset === undefined ? {} : { [REJECTED_HEADERS.offset]: origin.offset }),
    [REJECTED_HEADERS.rejectedAt]: at.toISOString(),
    ...(stored ? { [REJECTED_HEADERS.payloadRef]: JSON.stringify(stored.ref) } : {}),
    ...(stored?.encoding ? { [REJECTED_HEADERS.payloadEncoding]: stored.encoding } : {}),
  };
}

/**
 * Records that cannot be routed are copied to the rejected topic byte for byte (key, value, a tombstone's
 * null value, and their own headers) with the reason and origin in added headers, so nothing is lost and the
 * source partition keeps moving. When one IDoc of several failed, `synchub-error-part` names it (0-based).
 * A record too large to copy (above the record size limit, which may be the broker's own) was stored aside:
 * its copy has no value and `synchub-payload-ref` says where the value is.
 */
export function createKafkaRejectedSink(producer: Producer, topic: string, logger: Logger): RejectedSink {
  return {
    async reject(record, failure) {
      const { origin } = record;
      // The reason is a field (redaction reaches fields, never the message string); it names a personal field
      // without its value.
      logger.error(
        {
          source: origin,
          code: failure.code,
          ...(failure.part === undefined ? {} : { part: failure.part }),
          reason: failure.message,
        },
        `rejected record ${origin.topic}/${origin.partition}@${origin.offset} (${failure.code})`,
      );
      await producer.send({
        topic,
        acks: -1,
        messages: [
          {
            key: record.key,
            value: record.stored ? null : record.value,
            headers: rejectedHeaders(record.headers, failure, origin, new Date(), record.stored),
          },
        ],
      });
    },
  };
}
