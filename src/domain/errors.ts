/** Deepest element or JSON nesting accepted (IDoc XML nests fewer than 10 levels, SAP's JSON a handful). */
export const MAX_NESTING_DEPTH = 100;

/** Longest message kept; a longer one (e.g. quoting a multi-megabyte value) is cut, saying so. */
export const MAX_MESSAGE_LENGTH = 1000;
/** Longest string kept in `details`. */
const MAX_DETAIL_LENGTH = 1000;

/** The end of a message that was cut already (a field error quoted by its segment's error, say). */
const CUT_MESSAGE = /\.\.\. \(message cut at \d+ of \d+ characters\)$/;

function limitMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  if (CUT_MESSAGE.test(message) && message.length <= 2 * MAX_MESSAGE_LENGTH) return message;
  return `${message.slice(0, MAX_MESSAGE_LENGTH)}... (message cut at ${MAX_MESSAGE_LENGTH} of ${message.length} characters)`;
}

function limitDetails(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details).map(([name, value]) => [
      name,
      typeof value === 'string' && value.length > MAX_DETAIL_LENGTH
        ? `${value.slice(0, MAX_DETAIL_LENGTH)}... (${value.length} characters)`
        : value,
    ]),
  );
}

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
   * @param code stable machine code, e.g. 'MALFORMED_XML', 'UNSAFE_XML', 'NESTING_TOO_DEEP', 'NO_IDOC',
   *   'MISSING_CONTROL_RECORD', 'MISSING_FIELD', 'MISSING_SEGMENT', 'UNSUPPORTED_IDOC_TYPE', 'INVALID_VALUE',
   *   'MULTIPLE_IDOCS', 'MALFORMED_JSON', 'UNSUPPORTED_EVENT_TYPE', 'UNSUPPORTED_DOCUMENT'; for whole Kafka
   *   records also 'TOMBSTONE', 'EMPTY_RECORD', 'BINARY_PAYLOAD', 'INVALID_ENCODING', 'UNSUPPORTED_ENCODING',
   *   'HEADER_CONTRADICTS_BODY'
   * @param message what is wrong, in words an operator understands (never a stack trace); cut at
   *   MAX_MESSAGE_LENGTH characters
   * @param details machine-readable context (docnum, segment, field, value, ...); long strings are cut
   */
  readonly details?: Record<string, unknown>;

  constructor(
    readonly code: string,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(limitMessage(message));
    if (details !== undefined) this.details = limitDetails(details);
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
