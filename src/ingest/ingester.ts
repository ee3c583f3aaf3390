import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { PayloadStore } from '../adapters/payload-store';
import type { SapSystems } from '../domain/sap-system';
import { createProducer } from '../clients/kafka';
import type { Logger } from '../logger';
import type { ProcessMetrics } from '../metrics/process-metrics';
import { createDocumentsRouter } from './document-router';
import { Slots, runInKeyLanes } from './key-lanes';
import { kafkaHeaders } from '../shared/kafka-headers';
import { SpanKind, contextFrom, openSpan } from '../shared/trace-context';
import { quarantineInput, type QuarantineStarter } from '../workflows/quarantine-messages';
import { RECORD_TOO_LARGE } from './record-size';
import {
  createKafkaRejectedSink,
  type RecordOrigin,
  type RejectedSink,
  type StoredValue,
} from './rejected-sink';
import type { ChangeSignaller } from './workflow-signaller';

export interface IngesterSettings {
  groupId: string;
  topics: string[];
  rejectedTopic: string;
  /** Partitions handled at once. */
  partitionsConsumedConcurrently: number;
  /**
   * Records being handed to Temporal at once, across all partitions. Records with different keys run
   * concurrently; records with the same key (the same SAP object) stay in order.
   */
  maxInFlight: number;
  fromBeginning: boolean;
  /** Documents larger than this travel by reference (claim check) instead of inside the signal. */
  claimCheckBytes: number;
  /**
   * Records larger than this are never decoded: stored aside, copied to the rejected topic by reference and
   * quarantined (RECORD_TOO_LARGE).
   */
  maxRecordBytes: number;
  /**
   * Records of one key, fetched together, whose changes go to the entity's workflow in one signal (1: one
   * signal per change).
   */
  maxGroup: number;
  /** Entity types whose workflows coalesce waiting versions (only the newest of a group carries its document). */
  coalesce?: readonly string[];
  /** SAP systems by sender; absent: one system (every document belongs to the default). */
  systems?: SapSystems;
}

export interface Ingester {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Records fully handed over (signalled or set aside) since start. */
  readonly handled: number;
}

/**
 * Kafka in. Each record is decoded just enough to route it, then every IDoc in it is signalled to its entity
 * workflow, in order. Records of a fetched batch run in key lanes (concurrent across keys, in order within a
 * key, at most `maxInFlight` at once). An offset is committed only when it and every offset before it were
 * handed over, i.e. Temporal accepted the signals (or the record was preserved on the rejected topic); a
 * failure re-delivers the records from the first one not handed over.
 */
export function createIngester(deps: {
  kafka: Kafka;
  signal: ChangeSignaller;
  payloads: PayloadStore;
  /** Starts a quarantine workflow for what cannot be routed (besides the copy on the rejected topic). */
  quarantine?: QuarantineStarter;
  settings: IngesterSettings;
  logger: Logger;
  metrics?: ProcessMetrics;
  now?: () => Date;
}): Ingester {
  const { kafka, settings, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const consumer: Consumer = kafka.consumer({ groupId: settings.groupId, allowAutoTopicCreation: false });
  const producer: Producer = createProducer(kafka, { maxInFlightRequests: 1 });
  const rejected: RejectedSink = createKafkaRejectedSink(producer, settings.rejectedTopic, logger);
  const route = createDocumentsRouter({
    signal: deps.signal,
    payloads: deps.payloads,
    claimCheckBytes: settings.claimCheckBytes,
    maxRecordBytes: settings.maxRecordBytes,
    ...(settings.coalesce ? { coalesce: settings.coalesce } : {}),
    ...(settings.systems ? { systems: settings.systems } : {}),
    now,
  });
  const slots = new Slots(settings.maxInFlight);
  let handled = 0;

  /** Hands over records of one key in order: their changes signalled, what cannot be routed set aside. */
  async function handle(topic: string, partition: number, messages: KafkaMessage[]): Promise<void> {
    const documents = messages.map((message) => {
      const origin: RecordOrigin = {
        topic,
        partition,
        offset: message.offset,
        ...(message.key ? { key: message.key.toString('utf8') } : {}),
      };
      const headers = kafkaHeaders(message.headers);
      // One span per record, a child of the trace context SAP or a bridge sent along (`traceparent`), if any.
      const span = openSpan(`${topic} process`, {
        kind: SpanKind.CONSUMER,
        parent: contextFrom(headers),
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': topic,
          'messaging.destination.partition.id': String(partition),
          'messaging.kafka.offset': Number(message.offset),
        },
      });
      const appendedAt = Number(message.timestamp);
      return {
        message,
        span,
        recordOrigin: origin,
        value: message.value,
        headers,
        origin: {
          ...origin,
          ...(appendedAt > 0 ? { appendedAt: new Date(appendedAt).toISOString() } : {}),
        },
        parent: span.context,
      };
    });
    try {
      const results = await route(documents);
      for (const [index, { signalled, failures }] of results.entries()) {
        const { message, recordOrigin, headers, span } = documents[index]!;
        deps.metrics?.ingestRecords.inc({
          topic,
          outcome: signalled === 0 && failures.length > 0 ? 'rejected' : 'routed',
        });
        for (const failure of failures) deps.metrics?.rejected.inc({ reason: failure.code, source: 'kafka' });
        for (const [part, failure] of failures.entries()) {
          // A record above the size limit may be too large for the rejected topic too: it is stored first,
          // and the copy and the quarantine hold the reference.
          const stored: StoredValue | undefined =
            failure.code === RECORD_TOO_LARGE
              ? {
                  ref: await deps.payloads.put(failure.payload),
                  ...(failure.payloadEncoding ? { encoding: failure.payloadEncoding } : {}),
                }
              : undefined;
          await rejected.reject(
            {
              origin: recordOrigin,
              key: message.key,
              value: message.value,
              headers: message.headers ?? {},
              ...(stored ? { stored } : {}),
            },
            failure,
          );
          const input = quarantineInput(recordOrigin, part, failure, headers, now());
          await deps.quarantine?.(stored ? { ...input, payload: undefined, payloadRef: stored.ref } : input);
        }
        span.end();
        handled += 1;
      }
    } catch (error) {
      for (const document of documents) document.span.end(error);
      throw error;
    }
  }

  async function handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    await runInKeyLanes(batch.messages, {
      keyOf: (message) => message.key?.toString('base64'),
      handle: (messages) => handle(batch.topic, batch.partition, messages),
      maxGroup: settings.maxGroup,
      onPrefix: async (last) => {
        payload.resolveOffset(batch.messages[last]!.offset);
        await payload.heartbeat();
        await payload.commitOffsetsIfNecessary();
      },
      slots,
      shouldContinue: () => payload.isRunning() && !payload.isStale(),
    });
  }

  return {
    get handled() {
      return handled;
    },
    async start() {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topics: settings.topics, fromBeginning: settings.fromBeginning });
      await consumer.run({
        autoCommit: true,
        partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently,
        eachBatchAutoResolve: false,
        eachBatch: handleBatch,
      });
      logger.info({ topics: settings.topics, groupId: settings.groupId }, 'ingester consuming');
    },
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
