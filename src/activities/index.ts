import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  businessPartnerODataPath,
  describeBusinessPartnerEvent,
  parseCloudEvent,
  transformBusinessPartner,
  transformIdoc,
  validateRecord,
  type CanonicalRecord,
} from '../domain';
import { FailureType } from '../shared/failure-types';
import type { DocumentBody } from '../shared/payload-ref';
import type { ChangePublisher } from './change-publisher';
import type { Kafka } from 'kafkajs';
import type { DocumentOrigin, DocumentRouter } from '../shared/document-routing';
import { planReplay, readRanges, type PartitionRange, type ReplayBound } from './kafka-history';
import { kafkaHeaders } from '../shared/kafka-headers';
import { quarantineInput, type QuarantineStarter } from '../workflows/quarantine-messages';
import type { PayloadStore } from './payload-store';
import type { SapODataClient } from './sap-odata-client';
import { classified } from './classify-error';
import type { PersistOutcome, RecordWriter } from './record-store';

export interface ActivityDeps {
  store: RecordWriter;
  publisher: ChangePublisher;
  payloads: PayloadStore;
  /** The SAP OData API business events are enriched from; without it such events are rejected. */
  odata?: SapODataClient;
  /** Routes a resubmitted document like a Kafka record (quarantine). */
  router?: DocumentRouter;
  /** Reads Kafka history and re-drives it (replay, rebuild). */
  history?: { kafka: Kafka; router: DocumentRouter; quarantine?: QuarantineStarter };
  now?: () => Date;
}

export type TransformInput = DocumentBody & { format: 'idoc' };

export interface EnrichInput {
  /** The business event, structured JSON. */
  event: string;
}

/** Activities are built from injected clients so tests and processes decide what they talk to. */
export function createActivities(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    async transformChange(input: TransformInput): Promise<CanonicalRecord> {
      return classified(async () => {
        const document = input.payloadRef ? await deps.payloads.get(input.payloadRef) : input.payload;
        return validateRecord(transformIdoc(document));
      });
    },

    /** A business event carries only the key: read the entity from SAP's OData API, then transform it. */
    async enrichEvent(input: EnrichInput): Promise<CanonicalRecord> {
      return classified(async () => {
        const event = parseCloudEvent(input.event);
        if (!deps.odata) {
          throw ApplicationFailure.create({
            type: FailureType.SourceNotConfigured,
            message: `business event ${event.id} carries only a key; set SYNCHUB_SAP_ODATA_URL to read the entity from SAP`,
            nonRetryable: true,
          });
        }
        const { entityKey } = describeBusinessPartnerEvent(event);
        const body = await deps.odata.get(businessPartnerODataPath(entityKey));
        return validateRecord(transformBusinessPartner(body, event));
      });
    },

    async persistRecord(record: CanonicalRecord): Promise<PersistOutcome> {
      return classified(() => deps.store.persist(record, now().toISOString()));
    },

    async markFanOutFailed(input: { record: CanonicalRecord; reason: string }): Promise<void> {
      const { record, reason } = input;
      return classified(() =>
        deps.store.markFanOutFailed(
          record.entityType,
          record.entityKey,
          record.version,
          reason,
          now().toISOString(),
        ),
      );
    },

    /** A corrected document resubmitted from quarantine: routed exactly like a Kafka record. */
    async routeDocument(input: {
      payload: string;
      /** 'base64': bytes, read like a Kafka record's; else text, as it is. */
      payloadEncoding?: 'base64';
      headers: Record<string, string>;
      origin: DocumentOrigin;
    }): Promise<{ signalled: number }> {
      if (!deps.router)
        throw ApplicationFailure.nonRetryable('this worker cannot route documents', 'RouterNotConfigured');
      const document =
        input.payloadEncoding === 'base64' ? Buffer.from(input.payload, 'base64') : input.payload;
      const result = await deps.router(document, input.headers, input.origin);
      const [failure] = result.failures;
      if (failure) {
        throw ApplicationFailure.create({
          type: FailureType.SapDocumentInvalid,
          message: `${failure.code}: ${failure.message}`,
          nonRetryable: true,
        });
      }
      return { signalled: result.signalled };
    },

    async planKafkaReplay(input: {
      topic: string;
      from: ReplayBound;
      to: ReplayBound;
    }): Promise<PartitionRange[]> {
      if (!deps.history)
        throw ApplicationFailure.nonRetryable('this worker cannot read Kafka', 'ReplayNotConfigured');
      return planReplay(deps.history.kafka, input.topic, input.from, input.to);
    },

    /** Routes up to `max` records of the ranges as replayed changes; heartbeats its position. */
    async replayKafkaRecords(input: {
      topic: string;
      ranges: PartitionRange[];
      max: number;
    }): Promise<{ ranges: PartitionRange[]; read: number; routed: number; quarantined: number }> {
      const history = deps.history;
      if (!history)
        throw ApplicationFailure.nonRetryable('this worker cannot read Kafka', 'ReplayNotConfigured');
      const counts = { read: 0, routed: 0, quarantined: 0 };
      const ranges = await readRanges(
        history.kafka,
        input.topic,
        input.ranges,
        input.max,
        async (partition, message) => {
          const origin = { topic: input.topic, partition, offset: message.offset };
          const headers = kafkaHeaders(message.headers);
          const result = await history.router(message.value, headers, origin);
          for (const [index, failure] of result.failures.entries()) {
            await history.quarantine?.(quarantineInput(origin, index, failure, headers, now()));
          }
          counts.read += 1;
          counts.routed += result.signalled;
          counts.quarantined += result.failures.length;
          Context.current().heartbeat({ partition, offset: message.offset });
        },
      );
      return { ranges, ...counts };
    },

    /** Operator `resync`: publish the stored current version again (same dedupKey as the first time). */
    async republishCurrent(input: { entityType: string; entityKey: string }): Promise<{ version?: string }> {
      return classified(async () => {
        const stored = await deps.store.get(input.entityType, input.entityKey);
        if (!stored) return {};
        const { storedAt: _storedAt, publishedVersion: _published, fanOutError: _error, ...record } = stored;
        await deps.publisher.publish(record);
        await deps.store.markPublished(
          record.entityType,
          record.entityKey,
          record.version,
          now().toISOString(),
        );
        return { version: record.version };
      });
    },

    async publishRecord(record: CanonicalRecord): Promise<{ messageId: string; dedupKey: string }> {
      return classified(async () => {
        const published = await deps.publisher.publish(record);
        await deps.store.markPublished(
          record.entityType,
          record.entityKey,
          record.version,
          now().toISOString(),
        );
        Context.current().log.info('published change', { dedupKey: published.dedupKey });
        return published;
      });
    },
  };
}

export type SyncActivities = ReturnType<typeof createActivities>;
