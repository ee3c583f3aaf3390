import type { PayloadStore } from '../activities/payload-store';
import type { DocumentRouter } from '../shared/document-routing';
import { decodeRecord } from './decode-record';
import type { ChangeSignaller } from './workflow-signaller';

/**
 * Decodes a document and signals every entity change in it, in order (large IDocs by claim check). Returns
 * what could not be routed; the caller decides where that goes.
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
  return async (value, headers, origin) => {
    const decoded = decodeRecord(value, headers);
    for (const change of decoded.changes) {
      const body =
        change.format === 'idoc' && Buffer.byteLength(change.payload, 'utf8') > deps.claimCheckBytes
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
