import { SapDocumentError, describeIdoc, splitIdocDocument, type ChangeRef } from '../domain';

export interface DecodedChange {
  ref: ChangeRef;
  /** The single-IDoc document the workflow transforms. */
  payload: string;
}

export interface DecodeFailure {
  code: string;
  message: string;
  /** What to preserve: the failing IDoc alone when the rest of the document was usable, else the whole record. */
  payload: string;
}

export interface DecodedRecord {
  changes: DecodedChange[];
  failures: DecodeFailure[];
}

function failureFrom(error: unknown, payload: string): DecodeFailure {
  if (error instanceof SapDocumentError) return { code: error.code, message: error.message, payload };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'UNREADABLE', message: `document could not be read: ${message}`, payload };
}

/**
 * Reads just enough of a Kafka record to route it: the entity, key and version of each IDoc. A bad IDoc in
 * a multi-IDoc document is set aside on its own; the good ones still go through.
 */
export function decodeRecord(value: Buffer | null): DecodedRecord {
  if (value === null || value.length === 0) {
    return { changes: [], failures: [{ code: 'EMPTY_RECORD', message: 'record has no value', payload: '' }] };
  }
  const text = value.toString('utf8');
  let envelopes;
  try {
    envelopes = splitIdocDocument(text);
  } catch (error) {
    return { changes: [], failures: [failureFrom(error, text)] };
  }
  const decoded: DecodedRecord = { changes: [], failures: [] };
  for (const envelope of envelopes) {
    try {
      decoded.changes.push({ ref: describeIdoc(envelope), payload: envelope.xml });
    } catch (error) {
      decoded.failures.push(failureFrom(error, envelope.xml));
    }
  }
  return decoded;
}
