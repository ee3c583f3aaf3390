/**
 * ApplicationFailure types: the one vocabulary activities throw and retry policies name.
 * Pure constants, safe to import from workflow code.
 */
export const FailureType = {
  /** The SAP document cannot be turned into a canonical record: bad data, never retried. */
  SapDocumentInvalid: 'SapDocumentInvalid',
  /** The document belongs to another entity than the workflow it was routed to. */
  EntityMismatch: 'EntityMismatch',
  /** The store refused the record for what it is (e.g. too large): retrying cannot help. */
  RecordRejected: 'RecordRejected',
  /** A claim-checked document is gone or corrupt. */
  PayloadUnavailable: 'PayloadUnavailable',
  /** The SAP system has no such entity (e.g. deleted before the event was handled). */
  SourceNotFound: 'SourceNotFound',
  /** A business event needs the SAP OData API, and none is configured. */
  SourceNotConfigured: 'SourceNotConfigured',
  /** The SAP system refused the request as malformed. */
  SourceRejected: 'SourceRejected',
} as const;

export type FailureTypeName = (typeof FailureType)[keyof typeof FailureType];

export const NON_RETRYABLE_TYPES: readonly FailureTypeName[] = Object.values(FailureType);
