import type { PayloadStore } from '../activities/payload-store';
import type { DocumentRouter } from '../shared/document-routing';
import { decodeRecord } from './decode-record';
import { createHotKeyTracker } from './hot-keys';
import type { ChangeSignaller } from './workflow-signaller';

/** A second change of an entity within this long makes it hot. */
const HOT_KEY_WINDOW_MS = 2_000;

/**
 * Decodes a document and signals every entity change in it, in order. Large IDocs travel by claim check, and
 * so do the documents of a hot entity (several changes within seconds): a burst to one entity then adds
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
  const hot = createHotKeyTracker({ windowMs: HOT_KEY_WINDOW_MS, now: () => now().getTime() });
  return async (value, headers, origin) => {
    const decoded = decodeRecord(value, headers);
    for (const change of decoded.changes) {
      const isHot = hot.touch(`${change.ref.entityType}:${change.ref.entityKey}`);
      const large = Buffer.byteLength(change.payload, 'utf8') > deps.claimCheckBytes;
      const body =
        change.format === 'idoc' && (large || isHot)
          ? { payloadRef: await deps.payloads.put(change.payload) }
          : { payload: change.payload };
      await deps.signal(change.ref, {
        ...body,
        sourceId: change.ref.sourceId,
        version: change.ref.version,
        format: change.format,
        receivedAt: now().toISOString(),
        origin: { topic: origin.topic, partition: origin.partition, offset: origin.offset },
        ...(deps.replay ? { replay: true } : {}),
      });
    }
    return { signalled: decoded.changes.length, failures: decoded.failures };
  };
}
