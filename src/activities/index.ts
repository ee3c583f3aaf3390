import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  businessPartnerODataPath,
  describeBusinessPartnerEvent,
  isLoadEventType,
  parseCloudEvent,
  transformLoadEvent,
  transformBusinessPartner,
  transformIdoc,
  validateRecord,
  type CanonicalRecord,
} from '../domain';
import { BLOCKED_CHANGE, protectIfBlocked } from '../domain/data-protection';
import { DEFAULT_SAP_SYSTEM } from '../domain/sap-system';
import { parseEntityId } from '../shared/entity-id';
import { FailureType } from '../shared/failure-types';
import type { DocumentBody, PayloadRef } from '../shared/payload-ref';
import type { ChangePublisher } from '../adapters/change-publisher';
import type { Kafka } from 'kafkajs';
import type { DocumentOrigin, DocumentRouter } from '../shared/document-routing';
import { planReplay, readRanges, type PartitionRange, type ReplayBound } from '../adapters/kafka-history';
import { kafkaHeaders } from '../shared/kafka-headers';
import { quarantineInput, type QuarantineStarter } from '../workflows/quarantine-messages';
import type { PayloadStore } from '../adapters/payload-store';
import type { SapODataClient } from '../adapters/sap-odata-client';
import { classified, classifyError } from './classify-error';
import type { LatencyMetric, LatencyRecorder } from '../shared/worker-metrics';
import { SpanKind, contextFrom, inSpan } from '../shared/trace-context';
import type { PersistOutcome, RecordWriter } from '../adapters/record-store';
import type {
  ApplyFailure,
  ApplyInput,
  ApplyItem,
  ApplyOutcome,
  ApplyResult,
  ApplyStage,
  SapRead,
} from '../shared/apply-types';

export interface ActivityDeps {
  store: RecordWriter;
  publisher: ChangePublisher;
  payloads: PayloadStore;
  /**
   * The default SAP system's OData API business events are enriched from; without it its events are
   * rejected.
   */
  odata?: SapODataClient;
  /** The other SAP systems' OData APIs, by alias (SYNCHUB_SAP_ODATA_URLS); a system not in it has none. */
  systemOData?: Readonly<Record<string, SapODataClient>>;
  /** Routes a resubmitted document like a Kafka record (quarantine). */
  router?: DocumentRouter;
  /** Reads Kafka history and re-drives it (replay, rebuild). */
  history?: { kafka: Kafka; router: DocumentRouter; quarantine?: QuarantineStarter };
  now?: () => Date;
  /** SAP answers larger than this are claim-checked rather than returned through Temporal. */
  claimCheckBytes?: number;
  /** Where the latencies of applied changes go (the worker's metrics); without it they are not recorded. */
  latency?: LatencyRecorder;
  /**
   * Alias of the default SAP system (SYNCHUB_DEFAULT_SAP_SYSTEM; default `SAP`): the system of an entity
   * whose workflow names none (one started before SAP systems existed).
   */
  defaultSystem?: string;
}

export type TransformInput = DocumentBody & { format: 'idoc' };

export interface EnrichInput {
  /** The business event, structured JSON. */
  event: string;
}

/** A step of `applyChanges` failed; carries the stage for the workflow's Stuck or Retrying record. */
class StepError extends Error {
  constructor(
    readonly stage: ApplyStage,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/**
 * An attempt that timed out or was cancelled stops before its next write, so it cannot race the attempt
 * that replaces it (a request already sent still completes; the version guard keeps it harmless).
 */
function stopIfCancelled(): void {
  const signal = Context.current().cancellationSignal;
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('activity cancelled');
}

async function step<T>(stage: ApplyStage, work: () => Promise<T>): Promise<T> {
  stopIfCancelled();
  try {
    return await inSpan(stage, { kind: SpanKind.CLIENT }, work);
  } catch (error) {
    throw new StepError(stage, error);
  }
}

function describeFailure(index: number, error: StepError): ApplyFailure {
  const classifiedError = classifyError(error.original);
  if (classifiedError instanceof ApplicationFailure) {
    return {
      index,
      stage: error.stage,
      failureType: classifiedError.type ?? 'Error',
      message: classifiedError.message,
      retryable: !classifiedError.nonRetryable,
    };
  }
  const name = classifiedError instanceof Error ? classifiedError.name : 'Error';
  return { index, stage: error.stage, failureType: name, message: error.message, retryable: true };
}

/** Seconds from an ISO time to `to`; undefined when the time is unknown or carries no time zone. */
function secondsSince(from: string | undefined, to: Date): number | undefined {
  if (!from || !/(Z|[+-]\d\d:?\d\d)$/.test(from)) return undefined;
  const start = Date.parse(from);
  return Number.isNaN(start) ? undefined : Math.max(0, (to.getTime() - start) / 1000);
}

/** Activities are built from injected clients so tests and processes decide what they talk to. */
export function createActivities(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  const defaultSystem = deps.defaultSystem ?? DEFAULT_SAP_SYSTEM;
  /**
   * The alias of the entity's SAP system, from its workflow's ID (the entity's identity): an unqualified ID is
   * the default system's, whatever its alias is called now; `named` only when the ID is no entity ID.
   */
  const systemOfEntity = (named?: string): string => {
    let workflowId: string | undefined;
    try {
      workflowId = Context.current().info.workflowExecution?.workflowId;
    } catch {
      workflowId = undefined;
    }
    const parsed = workflowId === undefined ? undefined : parseEntityId(workflowId);
    if (parsed) return parsed.system ?? defaultSystem;
    return named ?? defaultSystem;
  };
  const recordLatency = (metric: LatencyMetric, seconds: number | undefined, entityType: string): void => {
    if (seconds !== undefined) deps.latency?.(metric, seconds, entityType);
  };

  /** A change's document, fetched when it travels by reference. */
  async function documentOf(item: DocumentBody): Promise<string> {
    return item.payloadRef ? deps.payloads.get(item.payloadRef) : (item.payload ?? '');
  }

  /** The OData response the SAP read brought; its failure, when it could not read, as this item's failure. */
  async function sapBody(read: SapRead): Promise<string> {
    if ('body' in read) return read.body;
    if ('bodyRef' in read) return deps.payloads.get(read.bodyRef);
    throw ApplicationFailure.create({
      type: read.failure.failureType,
      message: read.failure.message,
      nonRetryable: !read.failure.retryable,
    });
  }

  /**
   * The OData client a business event's entity is read with: the one of the entity's SAP system (never
   * another system's). A system without a service is refused (not retried), naming the variable to set.
   */
  function sapClientFor(eventId: string): SapODataClient {
    const system = systemOfEntity();
    if (system === defaultSystem) {
      if (deps.odata) return deps.odata;
      throw ApplicationFailure.create({
        type: FailureType.SourceNotConfigured,
        message: `business event ${eventId} carries only a key; set SYNCHUB_SAP_ODATA_URL to read the entity from SAP`,
        nonRetryable: true,
      });
    }
    const client = deps.systemOData?.[system];
    if (client) return client;
    throw ApplicationFailure.create({
      type: FailureType.SourceNotConfigured,
      message:
        `business event ${eventId} is of SAP system ${system}, which has no OData service: add ` +
        `${system}=<its API_BUSINESS_PARTNER URL> to SYNCHUB_SAP_ODATA_URLS to read its entities from SAP`,
      nonRetryable: true,
    });
  }

  async function recordOf(item: ApplyItem, input: ApplyInput): Promise<CanonicalRecord> {
    let record: CanonicalRecord;
    if (item.format === 'event') {
      const event = parseCloudEvent(await documentOf(item));
      if (isLoadEventType(event.type))
        return checkEntity(validateRecord(transformLoadEvent(event)), item, input);
      const { entityKey } = describeBusinessPartnerEvent(event);
      const body = item.sapRead
        ? await sapBody(item.sapRead)
        : await sapClientFor(event.id).get(businessPartnerODataPath(entityKey));
      record = validateRecord(transformBusinessPartner(body, event));
    } else {
      const document = item.payloadRef ? await deps.payloads.get(item.payloadRef) : (item.payload ?? '');
      record = validateRecord(transformIdoc(document));
    }
    return checkEntity(record, item, input);
  }

  /** A document that turns out to be another entity than its workflow's is refused, never applied. */
  function checkEntity(record: CanonicalRecord, item: ApplyItem, input: ApplyInput): CanonicalRecord {
    if (record.entityType !== input.entityType || record.entityKey !== input.entityKey) {
      throw ApplicationFailure.create({
        type: FailureType.EntityMismatch,
        message: `document ${item.sourceId} is for ${record.entityType} ${record.entityKey}, not ${input.entityType} ${input.entityKey}`,
        nonRetryable: true,
      });
    }
    // The entity's system is its workflow's: the ingester chose the workflow by the document's sender.
    return { ...record, sourceSystem: systemOfEntity(input.sourceSystem) };
  }

  /** One change's work, traced under the change's own trace context (its Kafka record's). */
  async function applyOne(item: ApplyItem, input: ApplyInput): Promise<ApplyOutcome> {
    return inSpan(
      `apply ${input.entityType}`,
      {
        kind: SpanKind.CONSUMER,
        ...(item.traceparent ? { parent: contextFrom({ traceparent: item.traceparent }) } : {}),
        attributes: {
          'synchub.entity_type': input.entityType,
          'synchub.entity_key': input.entityKey,
          'synchub.version': item.version,
        },
      },
      () => applyInSpan(item, input),
    );
  }

  /**
   * Transform, version-guarded write of CURRENT, publish, then the VERSION item and published mark. An entity
   * SAP reports blocked is stored and published minimised, and its older versions (personal data) are purged.
   */
  async function applyInSpan(item: ApplyItem, input: ApplyInput): Promise<ApplyOutcome> {
    // The VERSION/PUBLISHED write comes last: announced now, its batch waits for it instead of leaving alone.
    const arriving = deps.store.announceRecordApplied();
    try {
      return await applyAnnounced(item, input, arriving);
    } finally {
      arriving();
    }
  }

  async function applyAnnounced(
    item: ApplyItem,
    input: ApplyInput,
    arriving: () => void,
  ): Promise<ApplyOutcome> {
    const record = protectIfBlocked(await step('transform', () => recordOf(item, input)));
    const storedAt = now().toISOString();
    const outcome = await step('persist', () => deps.store.putCurrent(record, storedAt));
    if (outcome.status === 'stale')
      return { version: record.version, status: 'stale', storedVersion: outcome.storedVersion };
    if (outcome.status === 'applied') {
      const stored = new Date(storedAt);
      recordLatency('kafkaToStored', secondsSince(item.appendedAt, stored), input.entityType);
      const sapTime = record.source.format === 'event' ? record.source.eventTime : undefined;
      recordLatency('sapToStored', secondsSince(sapTime, stored), input.entityType);
    }
    const published = outcome.status === 'alreadyApplied' && outcome.published;
    if (!published) {
      await step('publish', () => deps.publisher.publish(record));
      recordLatency('storedToPublished', secondsSince(storedAt, now()), input.entityType);
    }
    // Repairs a VERSION item a crash may have left unwritten, marks the fan-out done.
    arriving();
    await step('persist', () => deps.store.recordApplied(record, storedAt, true));
    if (record.changeType === BLOCKED_CHANGE)
      await step('persist', () =>
        deps.store.purgeVersionsBefore(
          record.entityType,
          record.entityKey,
          record.version,
          record.sourceSystem,
        ),
      );
    if (outcome.status === 'alreadyApplied' && !published) {
      // Off the happy path (a retry after a crash or a failed fan-out): clear a recorded fan-out failure.
      await step('persist', () =>
        deps.store.markPublished(
          record.entityType,
          record.entityKey,
          record.version,
          storedAt,
          record.sourceSystem,
        ),
      );
    }
    return { version: record.version, status: published && item.restoring ? 'unchanged' : 'applied' };
  }

  /**
   * Applies changes of one entity in order and stops at the first failure, returned as data with its stage
   * and classification, so the outcomes before it are kept. `durable`: a transient fault is thrown instead,
   * for Temporal to retry with backoff.
   */
  /**
   * Audit items of the superseded versions given: only a record of what was never applied, so a failure to
   * write them fails nothing else; the workflow keeps them and hands them to its next call.
   */
  async function recordSuperseded(input: ApplyInput): Promise<Pick<ApplyResult, 'supersededRecorded'>> {
    if (!input.superseded?.length) return {};
    try {
      await deps.store.recordSuperseded(
        input.entityType,
        input.entityKey,
        input.superseded,
        now().toISOString(),
        systemOfEntity(input.sourceSystem),
      );
      return { supersededRecorded: true };
    } catch (error) {
      Context.current().log.warn('could not record superseded versions', {
        entityType: input.entityType,
        entityKey: input.entityKey,
        versions: input.superseded.length,
        error: error instanceof Error ? error.message : String(error),
      });
      return { supersededRecorded: false };
    }
  }

  async function apply(input: ApplyInput, durable: boolean): Promise<ApplyResult> {
    const recorded = await recordSuperseded(input);
    const outcomes: ApplyOutcome[] = [];
    for (const [index, item] of input.items.entries()) {
      try {
        outcomes.push(await applyOne(item, input));
      } catch (error) {
        if (!(error instanceof StepError)) throw error;
        stopIfCancelled();
        const failure = describeFailure(index, error);
        if (durable && failure.retryable) {
          throw ApplicationFailure.create({
            type: failure.failureType,
            message: `${failure.stage}: ${failure.message}`,
            details: [{ stage: failure.stage }],
          });
        }
        return { outcomes, failure, ...recorded };
      }
    }
    return { outcomes, ...recorded };
  }

  return {
    /** The happy path, as one local activity per batch of an entity's changes. */
    async applyChanges(input: ApplyInput): Promise<ApplyResult> {
      return apply(input, false);
    },

    /** The same work after a transient fault, as a regular activity retried durably within the budget. */
    async applyChangesDurably(input: ApplyInput): Promise<ApplyResult> {
      return apply(input, true);
    },

    /** Moves waiting documents out of the workflow's state (claim check), so what it carries stays small. */
    async stashPayloads(input: { payloads: string[] }): Promise<PayloadRef[]> {
      return classified(() => Promise.all(input.payloads.map((payload) => deps.payloads.put(payload))));
    },

    async transformChange(input: TransformInput): Promise<CanonicalRecord> {
      return classified(async () => {
        const document = input.payloadRef ? await deps.payloads.get(input.payloadRef) : input.payload;
        return { ...validateRecord(transformIdoc(document)), sourceSystem: systemOfEntity() };
      });
    },

    /**
     * Reads the entity a business event announces from SAP's OData API: one request per call, so the SAP
     * task queue's rate limit (maxTaskQueueActivitiesPerSecond) is the request rate toward SAP. Large
     * answers are claim-checked. `durable`: a failure is thrown (Temporal retries a transient one with
     * backoff); otherwise it is returned, to fail the change in the apply that follows.
     */
    async readSapEntity(input: { item: DocumentBody; durable?: boolean }): Promise<SapRead> {
      try {
        const event = parseCloudEvent(await documentOf(input.item));
        // An initial-load event carries its entity (the apply transforms it): nothing to read.
        if (isLoadEventType(event.type)) return { body: '' };
        const body = await sapClientFor(event.id).get(
          businessPartnerODataPath(describeBusinessPartnerEvent(event).entityKey),
        );
        return Buffer.byteLength(body, 'utf8') > (deps.claimCheckBytes ?? Number.POSITIVE_INFINITY)
          ? { bodyRef: await deps.payloads.put(body) }
          : { body };
      } catch (error) {
        const failure = classifyError(error);
        if (input.durable) throw failure;
        const retryable = !(failure instanceof ApplicationFailure && failure.nonRetryable);
        return {
          failure: {
            failureType:
              failure instanceof ApplicationFailure
                ? (failure.type ?? 'Error')
                : error instanceof Error
                  ? error.name
                  : 'Error',
            message: failure instanceof Error ? failure.message : String(failure),
            retryable,
          },
        };
      }
    },

    /** A business event carries only the key: read the entity from SAP's OData API, then transform it. */
    async enrichEvent(input: EnrichInput): Promise<CanonicalRecord> {
      return classified(async () => {
        const event = parseCloudEvent(input.event);
        if (isLoadEventType(event.type)) return validateRecord(transformLoadEvent(event));
        const { entityKey } = describeBusinessPartnerEvent(event);
        const body = await sapClientFor(event.id).get(businessPartnerODataPath(entityKey));
        return { ...validateRecord(transformBusinessPartner(body, event)), sourceSystem: systemOfEntity() };
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
          systemOfEntity(record.sourceSystem),
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
      /** Only this SAP system's changes are re-driven. */
      system?: string;
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
          const result = await history.router(
            message.value,
            headers,
            origin,
            input.system !== undefined ? { onlySystem: input.system } : undefined,
          );
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
    async republishCurrent(input: {
      entityType: string;
      entityKey: string;
      sourceSystem?: string;
    }): Promise<{ version?: string }> {
      return classified(async () => {
        const system = systemOfEntity(input.sourceSystem);
        const stored = await deps.store.get(input.entityType, input.entityKey, system);
        if (!stored) return {};
        const { storedAt: _storedAt, publishedVersion: _published, fanOutError: _error, ...record } = stored;
        // A record stored before systems existed names none (or the default's earlier alias): the entity's.
        await deps.publisher.publish({ ...record, sourceSystem: system });
        await deps.store.markPublished(
          record.entityType,
          record.entityKey,
          record.version,
          now().toISOString(),
          system,
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
          record.sourceSystem,
        );
        Context.current().log.info('published change', { dedupKey: published.dedupKey });
        return published;
      });
    },
  };
}

export type SyncActivities = ReturnType<typeof createActivities>;
