/**
 * The document itself is wrong (malformed XML, missing control record, unsupported type, invalid value).
 * Bad data is never retryable: the same document fails the same way every time, so callers reject and
 * preserve it instead of retrying.
 */
export class SapDocumentError extends Error {
  override readonly name = 'SapDocumentError';
  /** Always false: retrying the same document cannot succeed. */
  readonly retryable = false as const;

  /**
   * @param code stable machine code, e.g. 'MALFORMED_XML', 'NO_IDOC', 'MISSING_CONTROL_RECORD',
   *   'MISSING_FIELD', 'MISSING_SEGMENT', 'UNSUPPORTED_IDOC_TYPE', 'INVALID_VALUE', 'MULTIPLE_IDOCS'
   * @param message what is wrong, in words an operator understands (never a stack trace)
   * @param details machine-readable context (docnum, segment, field, value, ...)
   */
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Recognises a SapDocumentError also when it crossed a boundary where `instanceof` no longer works. */
export function isSapDocumentError(error: unknown): error is SapDocumentError {
  return (
    error instanceof SapDocumentError ||
    (error instanceof Error &&
      error.name === 'SapDocumentError' &&
      typeof (error as { code?: unknown }).code === 'string')
  );
}
