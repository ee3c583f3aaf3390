import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DecodeFailure } from '../shared/document-routing';
import type { DocumentBody } from '../shared/payload-ref';
import type { OperatorRequest } from './messages';

export interface QuarantineOrigin {
  topic: string;
  partition: number;
  offset: string;
  key?: string;
}

/** 'base64': the held payload is the record's bytes in base64 (they are not UTF-8 text). Absent: text. */
export type PayloadEncoding = 'base64';

export type QuarantineInput = DocumentBody & {
  payloadEncoding?: PayloadEncoding;
  origin: QuarantineOrigin;
  /** Position of the failing part within the record (several IDocs in one record can fail separately). */
  index: number;
  reason: { code: string; message: string };
  /** Kafka headers of the record (CloudEvents binary mode needs them to be read again). */
  headers: Record<string, string>;
  receivedAt: string;
};

export type QuarantineStatus = 'Quarantined' | 'Resubmitted' | 'Discarded';

export interface QuarantineAttempt extends OperatorRequest {
  outcome: 'routed' | 'refused';
  message: string;
}

/**
 * What the `state` query and the workflow's result show. Optional fields are left out when they do not apply,
 * never null: operators read this through the temporal CLI, which prints an empty list as null.
 */
export interface QuarantineState {
  status: QuarantineStatus;
  origin: QuarantineOrigin;
  /** Why the record is held: the first failure, replaced by the reason of each refused resubmission. */
  reason: { code: string; message: string };
  /**
   * The raw record as received, exactly (or the claim-check reference when it was large): UTF-8 text as it
   * is, other bytes in base64 (`payloadEncoding`). A Kafka tombstone has no value: payload '' and reason
   * TOMBSTONE.
   */
  payload?: string;
  payloadRef?: QuarantineInput['payloadRef'];
  payloadEncoding?: PayloadEncoding;
  /** Resubmissions, oldest first; absent until the first one. */
  attempts?: QuarantineAttempt[];
  discarded?: OperatorRequest;
}

export interface ResubmitRequest extends OperatorRequest {
  /** The corrected document; it goes through the same routing as a Kafka record. */
  payload: string;
  /** 'base64': `payload` is the document's bytes in base64, read by the encoding rules of a Kafka record. */
  payloadEncoding?: PayloadEncoding;
}

/** Starts the quarantine workflow of one record part: the ingester has one, replay activities are given one. */
export type QuarantineStarter = (input: QuarantineInput) => Promise<void>;

/** What a quarantine workflow holds for one part of a record that could not be routed. */
export function quarantineInput(
  origin: QuarantineInput['origin'],
  index: number,
  failure: DecodeFailure,
  headers: Record<string, string>,
  receivedAt: Date,
): QuarantineInput {
  return {
    origin,
    index,
    reason: { code: failure.code, message: failure.message },
    headers,
    receivedAt: receivedAt.toISOString(),
    payload: failure.payload,
    ...(failure.payloadEncoding ? { payloadEncoding: failure.payloadEncoding } : {}),
  };
}

export function quarantineWorkflowId(origin: QuarantineOrigin, index: number): string {
  return `quarantine:${origin.topic}:${origin.partition}:${origin.offset}${index > 0 ? `:${index}` : ''}`;
}

export const quarantineStateQuery = defineQuery<QuarantineState>('state');
export const resubmitSignal = defineSignal<[ResubmitRequest]>('resubmit');
export const discardSignal = defineSignal<[OperatorRequest?]>('discard');
