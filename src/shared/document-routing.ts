/**
 * What routing a document produces, shared by the ingester (which routes Kafka records) and the activities
 * that route resubmitted or replayed documents through a router they are given.
 */

/** What is kept of a record that cannot be routed: its exact bytes, as text when they are UTF-8. */
export interface PreservedPayload {
  payload: string;
  /** 'base64': `payload` is the record's bytes in base64 (they are not UTF-8 text). Absent: UTF-8 text. */
  payloadEncoding?: 'base64';
}

export interface DecodeFailure extends PreservedPayload {
  code: string;
  message: string;
  /**
   * Position of the failing IDoc in a record of several, whose `payload` is then that IDoc alone (the others
   * were routed). Absent when the failure concerns the whole record, whose exact bytes `payload` holds.
   */
  part?: number;
}

export interface DocumentOrigin {
  topic: string;
  partition: number;
  offset: string;
  key?: string;
  /** When Kafka appended the record (ISO). */
  appendedAt?: string;
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
  options?: RouteOptions,
) => Promise<RouteResult>;

export interface RouteOptions {
  /** Only the changes of this SAP system (alias) are signalled, the others passed over (a replay of one system). */
  onlySystem?: string;
}
