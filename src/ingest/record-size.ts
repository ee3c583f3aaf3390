import type { DecodeFailure } from '../shared/document-routing';
import { preservePayload } from './decode-record';

/** The code of a record refused for its size alone. */
export const RECORD_TOO_LARGE = 'RECORD_TOO_LARGE';

function mebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/**
 * A record larger than `maxBytes` is refused before anything decodes or parses it (parsing costs many times
 * a document's size in memory): its exact bytes are kept for an operator, nothing of it is read.
 * Undefined when the record is within the limit (or no limit is given).
 */
export function oversizedRecord(
  value: Buffer | string | null,
  maxBytes: number | undefined,
): DecodeFailure | undefined {
  if (value === null || maxBytes === undefined) return undefined;
  const bytes = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
  if (bytes <= maxBytes) return undefined;
  return {
    code: RECORD_TOO_LARGE,
    message:
      `record is ${bytes} bytes (${mebibytes(bytes)}), above the limit of ${maxBytes} bytes ` +
      `(${mebibytes(maxBytes)}, SYNCHUB_MAX_RECORD_BYTES); it was not read, only preserved`,
    ...preservePayload(value),
  };
}
