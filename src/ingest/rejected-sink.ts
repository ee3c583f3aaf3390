import type { Producer } from 'kafkajs';
import type { Logger } from '../logger';
import type { DecodeFailure } from './decode-record';

export interface RecordOrigin {
  topic: string;
  partition: number;
  offset: string;
  key?: string;
}

export interface RejectedSink {
  reject(origin: RecordOrigin, failure: DecodeFailure): Promise<void>;
}

/**
 * Records that cannot be routed are copied, unchanged, to the rejected topic with the reason and origin in
 * headers, so nothing is lost and the source partition keeps moving.
 */
export function createKafkaRejectedSink(producer: Producer, topic: string, logger: Logger): RejectedSink {
  return {
    async reject(origin, failure) {
      logger.error(
        { source: origin, code: failure.code },
        `rejected record ${origin.topic}/${origin.partition}@${origin.offset}: ${failure.message}`,
      );
      await producer.send({
        topic,
        acks: -1,
        messages: [
          {
            key: origin.key ?? null,
            value: failure.payload,
            headers: {
              'synchub-error-code': failure.code,
              'synchub-error-message': failure.message,
              'synchub-source-topic': origin.topic,
              'synchub-source-partition': String(origin.partition),
              'synchub-source-offset': origin.offset,
              'synchub-rejected-at': new Date().toISOString(),
            },
          },
        ],
      });
    },
  };
}
