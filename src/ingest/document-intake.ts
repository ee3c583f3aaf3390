import type { Producer } from 'kafkajs';
import type { EntityType } from '../domain/entity';
import type { SapSystems } from '../domain/sap-system';
import type { Logger } from '../logger';
import type { DecodeFailure } from '../shared/document-routing';
import {
  quarantineInput,
  quarantineWorkflowId,
  type QuarantineStarter,
} from '../workflows/quarantine-messages';
import { decodeRecord } from './decode-record';
import { rejectedHeaders } from './rejected-sink';

/** One entity change written to its topic. */
export interface AcceptedChange {
  entityType: string;
  entityKey: string;
  /** Alias of the SAP system that sent it. */
  sourceSystem: string;
  version: string;
  sourceId: string;
  topic: string;
  partition: number;
  offset: string;
}

/** One part of the document that could not become a change, preserved and quarantined. */
export interface RefusedPart {
  code: string;
  message: string;
  /** Position of the failing IDoc in the document (0-based), when the document held several. */
  part?: number;
  /** Where the document is preserved: its quarantine workflow and its copy on the rejected topic. */
  quarantine: string;
  rejected: { topic: string; partition: number; offset: string };
}

export interface IntakeResult {
  accepted: AcceptedChange[];
  refused: RefusedPart[];
}

/** Where a document arriving outside Kafka (the HTTP API) is said to come from on the rejected topic. */
export const HTTP_SOURCE = 'http';

/**
 * Documents that arrive over HTTP enter the same way as Kafka records: every entity change (each IDoc of a
 * packet on its own) is written to its entity's topic, keyed by the entity, so the ingester and every Kafka
 * guarantee (order per entity, replay) apply to it unchanged. What cannot become a change is copied byte for
 * byte to the rejected topic and quarantined there, exactly like a bad Kafka record. Resolves only once
 * Kafka acknowledged every write (acks=all); a failure part-way is safe to retry, because every change is
 * deduplicated by its source document and version.
 */
export function createDocumentIntake(deps: {
  producer: Producer;
  topics: Record<EntityType, string>;
  rejectedTopic: string;
  quarantine: QuarantineStarter;
  logger: Logger;
  /** Larger documents are refused before they are read (`SYNCHUB_MAX_RECORD_BYTES`, as for Kafka records). */
  maxDocumentBytes: number;
  /** SAP systems by sender: a document from an unmapped sender is refused (UNKNOWN_SAP_SYSTEM). */
  systems?: SapSystems;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());

  async function preserve(
    value: Buffer,
    headers: Record<string, string>,
    failure: DecodeFailure,
    index: number,
  ): Promise<RefusedPart> {
    const [written] = await deps.producer.send({
      topic: deps.rejectedTopic,
      acks: -1,
      messages: [
        {
          value,
          headers: rejectedHeaders(headers, failure, { topic: HTTP_SOURCE }, now()),
        },
      ],
    });
    const origin = {
      topic: deps.rejectedTopic,
      partition: written!.partition,
      offset: written!.baseOffset ?? '0',
    };
    await deps.quarantine(quarantineInput(origin, index, failure, headers, now()));
    deps.logger.warn(
      { code: failure.code, quarantine: quarantineWorkflowId(origin, index), reason: failure.message },
      `refused document received over HTTP (${failure.code})`,
    );
    return {
      code: failure.code,
      message: failure.message,
      ...(failure.part === undefined ? {} : { part: failure.part }),
      quarantine: quarantineWorkflowId(origin, index),
      rejected: origin,
    };
  }

  return {
    async accept(value: Buffer, headers: Record<string, string>): Promise<IntakeResult> {
      const decoded = decodeRecord(value, headers, deps.systems);
      const accepted: AcceptedChange[] = [];
      for (const change of decoded.changes) {
        const topic = deps.topics[change.ref.entityType];
        const [written] = await deps.producer.send({
          topic,
          acks: -1,
          messages: [
            {
              key: change.ref.entityKey,
              value: change.payload,
              headers: change.format === 'event' ? { 'content-type': 'application/cloudevents+json' } : {},
            },
          ],
        });
        accepted.push({
          entityType: change.ref.entityType,
          entityKey: change.ref.entityKey,
          sourceSystem: change.sourceSystem,
          version: change.ref.version,
          sourceId: change.ref.sourceId,
          topic,
          partition: written!.partition,
          offset: written!.baseOffset ?? '0',
        });
      }
      const refused: RefusedPart[] = [];
      for (const [index, failure] of decoded.failures.entries())
        refused.push(await preserve(value, headers, failure, index));
      return { accepted, refused };
    },
    maxDocumentBytes: deps.maxDocumentBytes,
  };
}

export type DocumentIntake = ReturnType<typeof createDocumentIntake>;
