import {
  SapDocumentError,
  describeBusinessPartnerEvent,
  describeIdoc,
  isBinaryCloudEvent,
  isCloudEventPayload,
  parseCloudEvent,
  splitIdocDocument,
  type ChangeRef,
} from '../domain';

export interface DecodedChange {
  ref: ChangeRef;
  format: 'idoc' | 'event';
  /** The single-IDoc document, or the business event in structured JSON form. */
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
export function decodeRecord(value: Buffer | null, headers: Record<string, string> = {}): DecodedRecord {
  if (value === null || value.length === 0) {
    return { changes: [], failures: [{ code: 'EMPTY_RECORD', message: 'record has no value', payload: '' }] };
  }
  const text = value.toString('utf8');
  if (isBinaryCloudEvent(headers) || isCloudEventPayload(text)) return decodeEvent(text, headers);
  let envelopes;
  try {
    envelopes = splitIdocDocument(text);
  } catch (error) {
    return { changes: [], failures: [failureFrom(error, text)] };
  }
  const decoded: DecodedRecord = { changes: [], failures: [] };
  for (const envelope of envelopes) {
    try {
      decoded.changes.push({ ref: describeIdoc(envelope), format: 'idoc', payload: envelope.xml });
    } catch (error) {
      decoded.failures.push(failureFrom(error, envelope.xml));
    }
  }
  return decoded;
}

/** A business event: routed by its key; the workflow reads the entity itself (the event carries only the key). */
function decodeEvent(text: string, headers: Record<string, string>): DecodedRecord {
  try {
    const event = parseCloudEvent(text, headers);
    const { mode: _mode, extensions, ...attributes } = event;
    const structured = JSON.stringify({ ...extensions, ...attributes });
    return {
      changes: [{ ref: describeBusinessPartnerEvent(event), format: 'event', payload: structured }],
      failures: [],
    };
  } catch (error) {
    return { changes: [], failures: [failureFrom(error, text)] };
  }
}
