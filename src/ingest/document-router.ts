import type { PayloadRef, PayloadStore } from '../adapters/payload-store';
import type { DocumentRouter } from '../shared/document-routing';
import { SpanKind, currentTraceparent, inSpan } from '../shared/trace-context';
import { decodeRecord } from './decode-record';
import { createHotKeyTracker } from './hot-keys';
import type { ChangeSignaller } from './workflow-signaller';

/**
 * This many changes of one entity within the window make it hot: a burst (a mass change, a re-sent backlog),
 * not an entity that changes every second or so, whose documents go inline (a claim check costs two more
 * AWS requests per change).
 */
const HOT_KEY_BURST = 4;
const HOT_KEY_WINDOW_MS = 2_000;
/** How long a hot entity's claim check may take before its document goes inline after all. */
const HOT_KEY_PUT_MS = 2_000;

function withinMs<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Decodes a document and signals every entity change in it, in order. Large IDocs travel by claim check, and
 * so do the documents of a hot entity (a burst of changes within seconds): a burst to one entity then adds
 * small references to its workflow's history instead of whole documents, which keeps that history small.
 * Returns what could not be routed; the caller decides where that goes.
 */
export function createDocumentRouter(deps: {
  signal: ChangeSignaller;
  payloads: PayloadStore;
  claimCheckBytes: number;
  /** Marks every change as re-driven from history (replay/rebuild). */
  replay?: boolean;
  now?: () => Date;
}): DocumentRouter {
  const now = deps.now ?? (() => new Date());
  const hot = createHotKeyTracker({
    windowMs: HOT_KEY_WINDOW_MS,
    burst: HOT_KEY_BURST,
    now: () => now().getTime(),
  });
  return async (value, headers, origin) => {
    const decoded = decodeRecord(value, headers);
    for (const change of decoded.changes) {
      const isHot = hot.touch(`${change.ref.entityType}:${change.ref.entityKey}`);
      const large = Buffer.byteLength(change.payload, 'utf8') > deps.claimCheckBytes;
      let body: { payload: string } | { payloadRef: PayloadRef } = { payload: change.payload };
      if (change.format === 'idoc' && large) body = { payloadRef: await deps.payloads.put(change.payload) };
      else if (change.format === 'idoc' && isHot) {
        // Only an optimisation for a hot entity: when the store is slow or down, the document goes inline.
        const ref = await withinMs(deps.payloads.put(change.payload), HOT_KEY_PUT_MS).catch(() => undefined);
        if (ref) body = { payloadRef: ref };
      }
      const attributes = {
        'synchub.entity_type': change.ref.entityType,
        'synchub.entity_key': change.ref.entityKey,
        'synchub.version': change.ref.version,
      };
      await inSpan(`signal ${change.ref.entityType}`, { kind: SpanKind.PRODUCER, attributes }, async () => {
        const traceparent = currentTraceparent();
        await deps.signal(change.ref, {
          ...body,
          sourceId: change.ref.sourceId,
          version: change.ref.version,
          format: change.format,
          receivedAt: now().toISOString(),
          ...(origin.appendedAt ? { appendedAt: origin.appendedAt } : {}),
          ...(traceparent ? { traceparent } : {}),
          origin: { topic: origin.topic, partition: origin.partition, offset: origin.offset },
          ...(deps.replay ? { replay: true } : {}),
        });
      });
    }
    return { signalled: decoded.changes.length, failures: decoded.failures };
  };
}
