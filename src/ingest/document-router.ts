import type { Context } from '@opentelemetry/api';
import type { PayloadRef, PayloadStore } from '../adapters/payload-store';
import { SINGLE_SAP_SYSTEM, systemQualifier, type SapSystems } from '../domain/sap-system';
import { compareVersions } from '../domain/version';
import { entityId } from '../shared/entity-id';
import type { DocumentOrigin, DocumentRouter, RouteOptions, RouteResult } from '../shared/document-routing';
import { SpanKind, openSpan, type OpenSpan } from '../shared/trace-context';
import type { EntityChange } from '../workflows/messages';
import { decodeRecord, type DecodedChange } from './decode-record';
import { createHotKeyTracker } from './hot-keys';
import { oversizedRecord } from './record-size';
import type { ChangeSignaller } from './workflow-signaller';

/**
 * This many changes of one entity within the window make it hot: a burst (a mass change, a re-sent backlog),
 * not an entity that changes every second or so, whose documents go inline (a claim check costs two more
 * AWS requests per change). Changes arriving at random at 1.5 a second reach 10 within 2 s for about one
 * change in 200; 4 within 2 s they reach for more than half of them.
 */
const HOT_KEY_BURST = 10;
const HOT_KEY_WINDOW_MS = 2_000;
/** How long a hot entity's claim check may take before its document goes inline after all. */
const HOT_KEY_PUT_MS = 2_000;
/**
 * Bounds of one `changes` signal: its inline documents plus about this much per change for the rest, so
 * one history event stays far below Temporal's 2 MB payload limit.
 */
const SIGNAL_MAX_BYTES = 256 * 1024;
const SIGNAL_CHANGE_OVERHEAD_BYTES = 512;
const SIGNAL_MAX_CHANGES = 1_000;
/** Claim checks of one group made at once. */
const CLAIM_CHECKS_AT_ONCE = 8;

function withinMs<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** One document to route, with the trace context its changes are signalled under. */
export interface InboundDocument {
  /** The record's bytes, or a document that is already text (a resubmitted correction). */
  value: Buffer | string | null;
  headers: Record<string, string>;
  origin: DocumentOrigin;
  parent?: Context;
}

/** Routes documents (records of one Kafka key fetched together, in order); one result per document. */
export type DocumentsRouter = (
  documents: readonly InboundDocument[],
  options?: RouteOptions,
) => Promise<RouteResult[]>;

export interface DocumentRouterDeps {
  signal: ChangeSignaller;
  payloads: PayloadStore;
  claimCheckBytes: number;
  /** Larger records are refused unread (RECORD_TOO_LARGE); none: no limit (a resubmitted document). */
  maxRecordBytes?: number;
  /**
   * Entity types whose waiting versions the workflow coalesces: of several versions of such an entity in one
   * signal, the older ones travel without their documents, recorded as superseded.
   */
  coalesce?: readonly string[];
  /**
   * The SAP systems senders map to; an unmapped sender's document is refused (UNKNOWN_SAP_SYSTEM). Default:
   * one system, every document belongs to it.
   */
  systems?: SapSystems;
  /** Marks every change as re-driven from history (replay/rebuild). */
  replay?: boolean;
  now?: () => Date;
}

interface Routed {
  change: DecodedChange;
  document: InboundDocument;
}

/**
 * Decodes documents and signals every entity change in them, in order. The changes of one entity in the
 * documents given together go to its workflow in one `changes` signal (or a few, each bounded); with
 * coalescing, only the newest of them carries its document. A lone change goes as a `change` signal. Large
 * IDocs travel by claim check, and so do the documents of a hot entity (a burst of changes within seconds),
 * which keeps its workflow's history small.
 * Returns what could not be routed; the caller decides where that goes.
 */
export function createDocumentsRouter(deps: DocumentRouterDeps): DocumentsRouter {
  const now = deps.now ?? (() => new Date());
  const systems = deps.systems ?? SINGLE_SAP_SYSTEM;
  const hot = createHotKeyTracker({
    windowMs: HOT_KEY_WINDOW_MS,
    burst: HOT_KEY_BURST,
    now: () => now().getTime(),
  });

  const claimChecked = async (change: DecodedChange, isHot: boolean) => {
    const large = Buffer.byteLength(change.payload, 'utf8') > deps.claimCheckBytes;
    let body: { payload: string } | { payloadRef: PayloadRef } = { payload: change.payload };
    // Any large document goes by reference: an IDoc, or an initial-load event carrying a whole entity.
    if (large) body = { payloadRef: await deps.payloads.put(change.payload) };
    else if (change.format === 'idoc' && isHot) {
      // Only an optimisation for a hot entity: when the store is slow or down, the document goes inline.
      const ref = await withinMs(deps.payloads.put(change.payload), HOT_KEY_PUT_MS).catch(() => undefined);
      if (ref) body = { payloadRef: ref };
    }
    return body;
  };

  const fields = ({ change, document }: Routed, traceparent: string | undefined) => ({
    sourceId: change.ref.sourceId,
    version: change.ref.version,
    format: change.format,
    sourceSystem: change.sourceSystem,
    receivedAt: now().toISOString(),
    ...(document.origin.appendedAt ? { appendedAt: document.origin.appendedAt } : {}),
    ...(traceparent ? { traceparent } : {}),
    origin: {
      topic: document.origin.topic,
      partition: document.origin.partition,
      offset: document.origin.offset,
    },
    ...(deps.replay ? { replay: true } : {}),
  });

  /** Signals changes of one entity, each under a span of its own (a child of its document's context). */
  const signalTraced = async (group: Routed[], build: (routed: Routed, span: OpenSpan) => EntityChange) => {
    const { ref, sourceSystem } = group[0]!.change;
    const spans = group.map(({ change, document }) =>
      openSpan(`signal ${change.ref.entityType}`, {
        kind: SpanKind.PRODUCER,
        ...(document.parent ? { parent: document.parent } : {}),
        attributes: {
          'synchub.entity_type': change.ref.entityType,
          'synchub.entity_key': change.ref.entityKey,
          'synchub.source_system': change.sourceSystem,
          'synchub.version': change.ref.version,
        },
      }),
    );
    try {
      await deps.signal(
        { entityType: ref.entityType, entityKey: ref.entityKey, sourceSystem },
        group.map((routed, index) => build(routed, spans[index]!)),
      );
      spans.forEach((span) => span.end());
    } catch (error) {
      spans.forEach((span) => span.end(error));
      throw error;
    }
  };

  const signalOne = async (routed: Routed, isHot: boolean) => {
    const body = await claimChecked(routed.change, isHot);
    await signalTraced([routed], (one, span) => ({ ...body, ...fields(one, span.traceparent) }));
  };

  const signalMany = async (group: Routed[], isHot: boolean) => {
    const { entityType } = group[0]!.change.ref;
    const coalesce = !deps.replay && deps.coalesce?.includes(entityType) === true;
    const newest = group
      .map(({ change }) => change.ref.version)
      .reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
    // Every document to apply travels: in a burst of a type not coalesced each goes by claim check (a few
    // puts at a time), so its workflow's history holds references; coalesced, one document a group is small.
    const bodies = new Map<Routed, { payload: string } | { payloadRef: PayloadRef }>();
    const carried = group.filter((routed) => !coalesce || routed.change.ref.version === newest);
    for (let start = 0; start < carried.length; start += CLAIM_CHECKS_AT_ONCE) {
      const slice = carried.slice(start, start + CLAIM_CHECKS_AT_ONCE);
      const sliceBodies = await Promise.all(
        slice.map((routed) => claimChecked(routed.change, isHot && !coalesce)),
      );
      slice.forEach((routed, index) => bodies.set(routed, sliceBodies[index]!));
    }
    // Oldest first, in signals of bounded size; a superseded version's notice never follows its successor.
    let chunk: Routed[] = [];
    let bytes = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      const sending = chunk;
      chunk = [];
      bytes = 0;
      await signalTraced(sending, (routed, span) => {
        const body = bodies.get(routed);
        return body
          ? { ...body, ...fields(routed, span.traceparent) }
          : { ...fields(routed, span.traceparent), supersededBy: newest };
      });
    };
    for (const routed of group) {
      const body = bodies.get(routed);
      const size = SIGNAL_CHANGE_OVERHEAD_BYTES + (body && 'payload' in body ? body.payload.length : 0);
      if (chunk.length > 0 && (bytes + size > SIGNAL_MAX_BYTES || chunk.length >= SIGNAL_MAX_CHANGES))
        await flush();
      chunk.push(routed);
      bytes += size;
    }
    await flush();
  };

  return async (documents, options = {}) => {
    const results: RouteResult[] = [];
    const entities = new Map<string, Routed[]>();
    for (const document of documents) {
      const oversized = oversizedRecord(document.value, deps.maxRecordBytes);
      const decoded = oversized
        ? { changes: [], failures: [oversized] }
        : decodeRecord(document.value, document.headers, systems);
      const changes = decoded.changes.filter(
        (change) => options.onlySystem === undefined || change.sourceSystem === options.onlySystem,
      );
      results.push({ signalled: changes.length, failures: decoded.failures });
      for (const change of changes) {
        // Equal keys of different SAP systems are different entities: grouped and counted apart.
        const system = systemQualifier(systems, change.sourceSystem);
        const id = entityId({ ...change.ref, ...(system !== undefined ? { system } : {}) }, 'workflow');
        const group = entities.get(id);
        if (group) group.push({ change, document });
        else entities.set(id, [{ change, document }]);
      }
    }
    for (const [id, group] of entities) {
      // Every change counts toward a burst, whether it travels alone or with others.
      let isHot = false;
      for (let n = 0; n < group.length; n += 1) isHot = hot.touch(id);
      if (group.length === 1) await signalOne(group[0]!, isHot);
      else await signalMany(group, isHot);
    }
    return results;
  };
}

/** Routes one document: the path of a resubmitted or replayed document. */
export function createDocumentRouter(deps: DocumentRouterDeps): DocumentRouter {
  const route = createDocumentsRouter(deps);
  return async (value, headers, origin, options) => (await route([{ value, headers, origin }], options))[0]!;
}
