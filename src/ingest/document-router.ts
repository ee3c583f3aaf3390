import type { PayloadStore } from '../activities/payload-store';
import { decodeRecord, type DecodeFailure } from './decode-record';
import type { ChangeSignaller } from './workflow-signaller';

export interface DocumentOrigin {
  topic: string;
  partition: number;
  offset: string;
  key?: string;
}

export interface RouteResult {
  signalled: number;
  failures: DecodeFailure[];
}

/** Routes one document to its entity workflows: the path of a Kafka record and of a resubmitted one. */
export type DocumentRouter = (
  /** The record's bytes, or a document that is already text (a resubmitted correction). */
  value: Buffer | string | null,
  headers: Record<string, string>,
  origin: DocumentOrigin,
) => Promise<RouteResult>;

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
