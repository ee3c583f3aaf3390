import type { DocumentBody, PayloadRef } from './payload-ref';

/**
 * What the SAP read of a business event brought (the `readSapEntity` activity, on the SAP task queue): the
 * OData response, inline or claim-checked, or why it could not be read (applied as that item's failure).
 */
export type SapRead =
  | { body: string }
  | { bodyRef: PayloadRef }
  | { failure: { failureType: string; message: string; retryable: boolean } };

/** One change handed to the apply activity: its document, and whether it restores a version (replay). */
export type ApplyItem = DocumentBody & {
  sourceId: string;
  version: string;
  format: 'idoc' | 'event';
  /** At or below the version the workflow applied: write it only if the store lost it, never publish twice. */
  restoring: boolean;
  /** When Kafka appended the record (ISO), for the latency metrics. */
  appendedAt?: string;
  /** The change's W3C trace context, so its work is traced under it. */
  traceparent?: string;
  /** A business event's entity as read from SAP beforehand; without it the apply reads SAP itself. */
  sapRead?: SapRead;
};

/** A version never applied because a newer one of the entity overtook it (coalescing): kept for audit. */
export interface SupersededEntry {
  sourceId: string;
  version: string;
  supersededBy: string;
  origin?: { topic: string; partition: number; offset: string };
}

export interface ApplyInput {
  entityType: string;
  entityKey: string;
  /** Alias of the entity's SAP system; absent from runs started before systems existed (the default). */
  sourceSystem?: string;
  items: ApplyItem[];
  /** Superseded versions to record next to the entity's version history. */
  superseded?: SupersededEntry[];
}

/**
 * What happened to one item. `applied`: stored (or found stored) and published. `unchanged`: a restored
 * version the store still had, already published. `stale`: a newer version is stored.
 */
export type ApplyOutcome =
  | { version: string; status: 'applied' }
  | { version: string; status: 'unchanged' }
  | { version: string; status: 'stale'; storedVersion: string };

export type ApplyStage = 'transform' | 'persist' | 'publish';

/** The item at `index` failed; the items before it have their outcomes, the ones after were not tried. */
export interface ApplyFailure {
  index: number;
  stage: ApplyStage;
  failureType: string;
  message: string;
  /** A transient fault: the workflow retries the item durably (Retrying). Otherwise the entity is Stuck. */
  retryable: boolean;
}

export interface ApplyResult {
  outcomes: ApplyOutcome[];
  failure?: ApplyFailure;
  /** Whether the superseded versions given were recorded (absent when none were given). */
  supersededRecorded?: boolean;
}
