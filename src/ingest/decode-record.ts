import { isUtf8 } from 'node:buffer';
import {
  SapDocumentError,
  describeSapEvent,
  describeIdoc,
  isBinaryCloudEvent,
  parseCloudEvent,
  SINGLE_SAP_SYSTEM,
  eventSender,
  hasConfiguredSenders,
  isLoadEventType,
  parseJsonText,
  sapSystemAliases,
  sapSystemOf,
  splitIdocDocument,
  type ChangeRef,
  type SapSystems,
} from '../domain';
import type { DecodeFailure, PreservedPayload } from '../shared/document-routing';
import { readRecordText } from './record-text';

export interface DecodedChange {
  ref: ChangeRef;
  /** Alias of the SAP system that sent it (mapped from its sender by SYNCHUB_SAP_SYSTEMS). */
  sourceSystem: string;
  format: 'idoc' | 'event';
  /** The single-IDoc document, or the business event in structured JSON form. */
  payload: string;
}

export interface DecodedRecord {
  changes: DecodedChange[];
  failures: DecodeFailure[];
}

/** The exact content of a record: UTF-8 text as it is, any other bytes in base64. */
export function preservePayload(value: Buffer | string | null): PreservedPayload {
  if (value === null) return { payload: '' };
  if (typeof value === 'string') return { payload: value };
  return isUtf8(value)
    ? { payload: value.toString('utf8') }
    : { payload: value.toString('base64'), payloadEncoding: 'base64' };
}

function failureFrom(error: unknown, preserved: PreservedPayload, part?: number): DecodeFailure {
  const where = part === undefined ? {} : { part };
  if (error instanceof SapDocumentError)
    return { code: error.code, message: error.message, ...preserved, ...where };
  const reason = error instanceof Error ? error.message : String(error);
  const { message } = new SapDocumentError('UNREADABLE', `document could not be read: ${reason}`);
  return { code: 'UNREADABLE', message, ...preserved, ...where };
}

function failed(error: unknown, preserved: PreservedPayload): DecodedRecord {
  return { changes: [], failures: [failureFrom(error, preserved)] };
}

type BodyKind = 'xml' | 'json' | 'text';

/** Header names lower-cased (Kafka header names are case-sensitive, producers are not consistent). */
function lowerCaseHeaders(headers: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function mediaKind(contentType: string | undefined): 'json' | 'xml' | undefined {
  const type = (contentType?.split(';')[0] ?? '').trim().toLowerCase();
  if (type === 'application/json' || type === 'text/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml';
  return undefined;
}

/**
 * What the body is, by its structure only: an XML document's root element name, or whether JSON is an object
 * or an array. Its text is never quoted: it may be personal data.
 */
function shape(start: string, body: 'xml' | 'json'): string {
  if (body === 'json') return start.startsWith('[') ? 'a JSON array' : 'a JSON object';
  const root = /<([A-Za-z_][\w.:-]{0,60})/.exec(start.replace(/<[?!][^>]*>/g, ''));
  return root ? `root element <${root[1]}>` : 'no root element';
}

function contradiction(message: string, details: Record<string, unknown>): SapDocumentError {
  return new SapDocumentError('HEADER_CONTRADICTS_BODY', message, details);
}

/** A record whose headers say one format while its body is another is refused rather than guessed at. */
function checkHeaders(
  headers: Map<string, string>,
  body: BodyKind,
  start: string,
  binaryEvent: boolean,
): void {
  if (binaryEvent && body === 'xml') {
    throw contradiction(
      `headers say a CloudEvent in binary mode (ce_type '${headers.get('ce_type') ?? ''}'), but the body is ` +
        `XML (${shape(start, 'xml')}), not event data`,
      { header: 'ce_type', body },
    );
  }
  for (const header of ['content-type', 'ce_datacontenttype']) {
    const claimed = mediaKind(headers.get(header));
    if (claimed === undefined || body === 'text' || claimed === body) continue;
    throw contradiction(
      `header ${header} '${headers.get(header)}' says ${claimed.toUpperCase()}, but the body is ` +
        `${body.toUpperCase()} (${shape(start, body)})`,
      { header, claimed, body },
    );
  }
}

/**
 * Reads just enough of a Kafka record to route it: the entity, key and version of each IDoc, or the key of a
 * business event. A bad IDoc in a multi-IDoc document is set aside on its own; the good ones still go
 * through. `value` is the record's bytes (decoded by readRecordText's rules), or a document that is already
 * text (a resubmitted correction). Nothing here throws: every problem is a failure with a precise code.
 */
export function decodeRecord(
  value: Buffer | string | null,
  headers: Record<string, string> = {},
  systems: SapSystems = SINGLE_SAP_SYSTEM,
): DecodedRecord {
  if (value === null) {
    return failed(
      new SapDocumentError(
        'TOMBSTONE',
        'record is a Kafka tombstone (no value): SAP documents never arrive as tombstones; nothing to route',
      ),
      { payload: '' },
    );
  }
  const preserved = preservePayload(value);
  if (value.length === 0 && !isBinaryCloudEvent(headers)) {
    return failed(new SapDocumentError('EMPTY_RECORD', 'record value is empty (0 bytes)'), preserved);
  }
  try {
    const text = typeof value === 'string' ? value : readRecordText(value, headers).text;
    return decodeText(text, headers, preserved, systems);
  } catch (error) {
    return failed(error, preserved);
  }
}

function decodeText(
  text: string,
  headers: Record<string, string>,
  preserved: PreservedPayload,
  systems: SapSystems,
): DecodedRecord {
  const start = text.replace(/^\uFEFF?\s*/, '');
  const binaryEvent = isBinaryCloudEvent(headers);
  // An empty binary-mode event is an event without data, which the event reader names as such.
  if (start === '' && !binaryEvent) {
    throw new SapDocumentError('EMPTY_RECORD', `record value is only whitespace (${text.length} characters)`);
  }
  const body: BodyKind = start.startsWith('<')
    ? 'xml'
    : start.startsWith('{') || start.startsWith('[')
      ? 'json'
      : 'text';
  const lower = lowerCaseHeaders(headers);
  checkHeaders(lower, body, start, binaryEvent);
  if (binaryEvent) return decodeBinaryEvent(text, headers, lower, systems);
  if (body === 'xml') return decodeIdocs(text, preserved, systems);
  if (body === 'json') return decodeJson(text, systems);
  if (start.startsWith('EDI_DC40')) {
    throw new SapDocumentError(
      'UNSUPPORTED_DOCUMENT',
      "record is an IDoc in SAP's fixed-width flat-file format (it starts with 'EDI_DC40'); only IDoc XML is supported",
      { format: 'idoc-flat-file' },
    );
  }
  // Plain text may be anything, a list of names and addresses too: its content is not quoted (the record is
  // on the rejected topic byte for byte).
  throw new SapDocumentError(
    'UNSUPPORTED_DOCUMENT',
    `record is neither XML nor JSON: it is plain text of ${text.trim().length} characters (content withheld: ` +
      'it may be personal data); expected IDoc XML or a CloudEvent',
    { format: 'text' },
  );
}

/** The alias of a change's sender: an IDoc's SNDPRN; a business event's full `source`, then its last segment. */
function systemOf(ref: ChangeRef, format: 'idoc' | 'event', systems: SapSystems): string {
  if (format === 'idoc') return sapSystemOf(systems, ref.sender);
  if (ref.messageType !== undefined && isLoadEventType(ref.messageType)) return loadEventSystem(ref, systems);
  return sapSystemOf(systems, ref.sender, ref.sender === undefined ? undefined : eventSender(ref.sender));
}

/**
 * An initial-load event names its SAP system's alias at the end of its source (`synchub load --system`);
 * one no longer configured is refused like an unknown sender.
 */
function loadEventSystem(ref: ChangeRef, systems: SapSystems): string {
  const alias = ref.sender === undefined ? undefined : eventSender(ref.sender);
  if (alias !== undefined && sapSystemAliases(systems).includes(alias)) return alias;
  if (!hasConfiguredSenders(systems)) return systems.defaultSystem;
  throw new SapDocumentError(
    'UNKNOWN_SAP_SYSTEM',
    `initial-load event of SAP system '${alias ?? ''}', which SYNCHUB_SAP_SYSTEMS does not configure`,
    { sender: ref.sender ?? null },
  );
}

function decodeIdocs(text: string, preserved: PreservedPayload, systems: SapSystems): DecodedRecord {
  const envelopes = splitIdocDocument(text);
  const decoded: DecodedRecord = { changes: [], failures: [] };
  for (const envelope of envelopes) {
    try {
      const ref = describeIdoc(envelope);
      const sourceSystem = systemOf(ref, 'idoc', systems);
      decoded.changes.push({ ref, sourceSystem, format: 'idoc', payload: envelope.xml });
    } catch (error) {
      decoded.failures.push(
        envelopes.length === 1
          ? failureFrom(error, preserved)
          : failureFrom(error, { payload: envelope.xml }, envelope.index),
      );
    }
  }
  return decoded;
}

/** CloudEvent context attributes; an object with specversion, or two of the others, is meant as an event. */
function looksLikeCloudEvent(value: Record<string, unknown>): boolean {
  if ('specversion' in value) return true;
  return ['id', 'type', 'source'].filter((name) => name in value).length >= 2;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeJson(text: string, systems: SapSystems): DecodedRecord {
  const parsed = parseJsonText(text, /"specversion"\s*:/.test(text) ? 'CloudEvent' : 'record');
  if (isObject(parsed) && looksLikeCloudEvent(parsed)) return routedEvent(systems, text);
  const shape = isObject(parsed)
    ? `an object with ${Object.keys(parsed)
        .slice(0, 5)
        .map((name) => `"${name}"`)
        .join(', ')}${Object.keys(parsed).length > 5 ? ', ...' : ''}`
    : Array.isArray(parsed)
      ? 'an array'
      : `a ${typeof parsed}`;
  throw new SapDocumentError(
    'UNSUPPORTED_DOCUMENT',
    `record is JSON (${shape}), not IDoc XML or a CloudEvent (no specversion, id, type or source)`,
    { format: 'json' },
  );
}

/**
 * A binary-mode event's body is its data. A body that is itself a structured CloudEvent is read as one when
 * it agrees with the ce_type header, and refused when it names another type.
 */
function decodeBinaryEvent(
  text: string,
  headers: Record<string, string>,
  lower: Map<string, string>,
  systems: SapSystems,
): DecodedRecord {
  const headerType = lower.get('ce_type');
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    body = undefined;
  }
  if (isObject(body) && typeof body.specversion === 'string' && typeof body.type === 'string') {
    if (headerType !== undefined && body.type !== headerType) {
      throw contradiction(
        `header ce_type '${headerType}' names one event type, but the body is a CloudEvent of type '${body.type}'`,
        { header: 'ce_type', claimed: headerType, body: body.type },
      );
    }
    return routedEvent(systems, text);
  }
  return routedEvent(systems, text, headers);
}

/**
 * A business event: routed by its key; the workflow reads the entity itself (the event carries only the key).
 * An initial-load event carries the whole entity, which gives its key and version.
 */
function routedEvent(systems: SapSystems, text: string, headers?: Record<string, string>): DecodedRecord {
  const event = parseCloudEvent(text, headers);
  const { mode: _mode, extensions, ...attributes } = event;
  const structured = JSON.stringify({ ...extensions, ...attributes });
  const ref = describeSapEvent(event);
  const sourceSystem = systemOf(ref, 'event', systems);
  return { changes: [{ ref, sourceSystem, format: 'event', payload: structured }], failures: [] };
}
