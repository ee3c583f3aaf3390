import { z } from 'zod';
import { SapDocumentError } from '../errors';
import { parseEventTime } from './event-time';
import { SAP_EVENT_TYPES, isLoadEventType, isSapEventType, type SapEventType } from './event-types';

/** The SAP business event types, as named in messages (initial-load events are SyncHub's own). */
const BUSINESS_EVENT_TYPES = Object.keys(SAP_EVENT_TYPES).filter((type) => !isLoadEventType(type));
import { isJsonObject, jsonKind, parseJsonText } from './json';

/** `data` of a business partner event: just the key, as SAP sent it (unpadded, e.g. '1000746'). */
export interface BusinessPartnerEventData {
  BusinessPartner: string;
  /** Anything else SAP adds to `data` is kept as sent. */
  [field: string]: unknown;
}

/**
 * `data` of an event: its key field (SAP_EVENT_TYPES[type].keyField) holds a non-empty string. A business
 * partner event carries just the key; an initial-load event carries the whole OData entity.
 */
export type SapEventData = Record<string, unknown>;

/**
 * An SAP business event (CloudEvents 1.0), validated. Optional attributes are omitted (never undefined)
 * when the event has none.
 */
export interface SapCloudEvent {
  specversion: '1.0';
  /** Unique per source; `${source}/${id}` identifies the event. */
  id: string;
  type: SapEventType;
  /** '/default/sap.s4.beh/<tenant>' for S/4HANA. */
  source: string;
  /** RFC 3339 as sent (e.g. '2023-03-03T13:19:54Z'); always present and valid (it orders changes). */
  time: string;
  datacontenttype?: string;
  dataschema?: string;
  subject?: string;
  data: SapEventData;
  /** Extension context attributes (other top-level attributes, or other `ce_` headers), as sent. */
  extensions: Record<string, unknown>;
  /** 'structured': the whole event is the JSON payload; 'binary': attributes in `ce_` headers, payload is data. */
  mode: 'structured' | 'binary';
}

/** Header names of the CloudEvents Kafka protocol binding (binary content mode). */
const HEADER_PREFIX = 'ce_';
const CONTENT_TYPE = 'content-type';

const CORE_ATTRIBUTES = ['specversion', 'id', 'type', 'source', 'time'] as const;
const OPTIONAL_ATTRIBUTES = ['datacontenttype', 'dataschema', 'subject'] as const;
const KNOWN_MEMBERS = new Set<string>([...CORE_ATTRIBUTES, ...OPTIONAL_ATTRIBUTES, 'data', 'data_base64']);

/** Context attributes, in the order problems are reported. */
const attributesSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  type: z.string().min(1),
  source: z.string().min(1),
  time: z.string().min(1),
  datacontenttype: z.string().min(1).optional(),
  dataschema: z.string().min(1).optional(),
  subject: z.string().min(1).optional(),
});

type Attributes = z.infer<typeof attributesSchema>;

/** Validated attributes of a supported event type. */
type SapEventAttributes = Attributes & { type: SapEventType };

/** Longest attribute value quoted in a message. */
const QUOTE_LIMIT = 80;

function quote(value: unknown): string {
  if (typeof value !== 'string') return jsonKind(value);
  const text = value.length > QUOTE_LIMIT ? `${value.slice(0, QUOTE_LIMIT)}...` : value;
  return `'${text}'`;
}

function eventLabel(id: unknown): string {
  return typeof id === 'string' && id.trim() !== ''
    ? `CloudEvent ${quote(id).slice(1, -1)}`
    : 'CloudEvent (no id)';
}

function eventError(
  code: string,
  label: string,
  problem: string,
  details: Record<string, unknown> = {},
): SapDocumentError {
  return new SapDocumentError(code, `${label}: ${problem}`, details);
}

/** Media type without parameters, lower case ('application/json; charset=utf-8' -> 'application/json'). */
function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function isJsonMediaType(contentType: string): boolean {
  const type = mediaType(contentType);
  return type === 'application/json' || type === 'text/json' || type.endsWith('+json');
}

/** Header names lower-cased (Kafka header names are case-sensitive, producers are not consistent). */
function lowerCaseHeaders(headers: Record<string, string>): Map<string, string> {
  const result = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') result.set(name.toLowerCase(), value);
  }
  return result;
}

/**
 * True when Kafka headers carry a binary-mode CloudEvent: a `ce_specversion` header and a content type that
 * is not a structured CloudEvent ('application/cloudevents+json').
 */
export function isBinaryCloudEvent(headers: Record<string, string> | undefined): boolean {
  if (headers === undefined) return false;
  const map = lowerCaseHeaders(headers);
  if (!map.has(`${HEADER_PREFIX}specversion`)) return false;
  return !mediaType(map.get(CONTENT_TYPE) ?? '').startsWith('application/cloudevents');
}

/**
 * Cheap sniff: is this text a structured CloudEvent (a JSON object with `specversion` and `type`)? Never throws.
 * A binary-mode event is recognised from its headers instead (isBinaryCloudEvent).
 */
export function isCloudEventPayload(text: string): boolean {
  const source = text.replace(/^\uFEFF?\s*/, '');
  if (!source.startsWith('{') || !source.includes('"specversion"') || !source.includes('"type"'))
    return false;
  try {
    const value = JSON.parse(source) as unknown;
    return isJsonObject(value) && typeof value.specversion === 'string' && typeof value.type === 'string';
  } catch {
    return false;
  }
}

/** Validates the context attributes (null counts as absent, as the CloudEvents JSON format says). */
function readAttributes(raw: Record<string, unknown>): SapEventAttributes {
  const present: Record<string, unknown> = {};
  for (const name of [...CORE_ATTRIBUTES, ...OPTIONAL_ATTRIBUTES]) {
    if (raw[name] !== undefined && raw[name] !== null) present[name] = raw[name];
  }
  const label = eventLabel(present.id);
  const result = attributesSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = String(issue?.path[0] ?? 'specversion');
    const value = present[field];
    if (value === undefined) {
      const why = field === 'time' ? ' (needed to order changes)' : '';
      throw eventError('MISSING_FIELD', label, `missing ${field}${why}`, { field });
    }
    const problem =
      field === 'specversion'
        ? `specversion ${quote(value)} is not supported (expected '1.0')`
        : `${field} must be a non-empty string, got ${quote(value)}`;
    throw eventError('INVALID_VALUE', label, problem, { field });
  }
  const attributes = result.data;
  const { type } = attributes;
  if (!isSapEventType(type)) {
    throw eventError(
      'UNSUPPORTED_EVENT_TYPE',
      label,
      `event type ${quote(type)} is not supported; supported: ${BUSINESS_EVENT_TYPES.join(', ')}`,
      { type },
    );
  }
  try {
    parseEventTime(attributes.time);
  } catch (error) {
    const expected = error instanceof SapDocumentError ? error.details?.expected : undefined;
    throw eventError('INVALID_VALUE', label, `time ${quote(attributes.time)} is not ${String(expected)}`, {
      field: 'time',
      value: attributes.time,
    });
  }
  if (attributes.datacontenttype !== undefined && !isJsonMediaType(attributes.datacontenttype)) {
    throw eventError(
      'INVALID_VALUE',
      label,
      `datacontenttype ${quote(attributes.datacontenttype)} is not JSON; SAP business events carry JSON data`,
      { field: 'datacontenttype' },
    );
  }
  return { ...attributes, type };
}

/** Validates `data` for the event's type. `data` undefined: the event has none. */
function readData(attributes: SapEventAttributes, data: unknown): SapEventData {
  const label = eventLabel(attributes.id);
  const { keyField, keyLength } = SAP_EVENT_TYPES[attributes.type];
  if (data === undefined || data === null) {
    throw eventError('MISSING_FIELD', label, `missing data.${keyField} (the event has no data)`, {
      field: `data.${keyField}`,
    });
  }
  if (!isJsonObject(data)) {
    throw eventError('INVALID_VALUE', label, `data must be a JSON object, got ${jsonKind(data)}`, {
      field: 'data',
    });
  }
  const key = data[keyField];
  if (key === undefined || key === null) {
    throw eventError('MISSING_FIELD', label, `missing data.${keyField}`, { field: `data.${keyField}` });
  }
  const result = z.looseObject({ [keyField]: z.string().trim().min(1).max(keyLength) }).safeParse(data);
  if (!result.success) {
    const problem =
      typeof key !== 'string'
        ? `must be a string (keys are text, never numbers), got ${jsonKind(key)} ${JSON.stringify(key)}`
        : key.trim() === ''
          ? 'is empty'
          : `${quote(key)} is longer than ${keyLength} characters`;
    throw eventError('INVALID_VALUE', label, `data.${keyField} ${problem}`, {
      field: `data.${keyField}`,
      ...(typeof key === 'string' ? { value: key } : {}),
    });
  }
  // The key is kept as sent (trimmed); describe/transform make the canonical form.
  return { ...data, [keyField]: result.data[keyField] };
}

function assemble(
  attributes: SapEventAttributes,
  data: SapEventData,
  extensions: Record<string, unknown>,
  mode: SapCloudEvent['mode'],
): SapCloudEvent {
  const event: SapCloudEvent = {
    specversion: attributes.specversion,
    id: attributes.id,
    type: attributes.type,
    source: attributes.source,
    time: attributes.time,
    data,
    extensions,
    mode,
  };
  if (attributes.datacontenttype !== undefined) event.datacontenttype = attributes.datacontenttype;
  if (attributes.dataschema !== undefined) event.dataschema = attributes.dataschema;
  if (attributes.subject !== undefined) event.subject = attributes.subject;
  return event;
}

function parseStructured(text: string): SapCloudEvent {
  const raw = parseJsonText(text, 'CloudEvent');
  if (!isJsonObject(raw)) {
    throw new SapDocumentError('INVALID_VALUE', `CloudEvent must be a JSON object, got ${jsonKind(raw)}`, {
      reason: 'notAnObject',
    });
  }
  const attributes = readAttributes(raw);
  if (
    (raw.data === undefined || raw.data === null) &&
    raw.data_base64 !== undefined &&
    raw.data_base64 !== null
  ) {
    throw eventError(
      'INVALID_VALUE',
      eventLabel(attributes.id),
      'data_base64 is not supported; SAP business events carry JSON data',
      { field: 'data_base64' },
    );
  }
  const data = readData(attributes, raw.data);
  const extensions: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!KNOWN_MEMBERS.has(name) && value !== null) extensions[name] = value;
  }
  return assemble(attributes, data, extensions, 'structured');
}

function parseBinary(text: string, headers: Map<string, string>): SapCloudEvent {
  const raw: Record<string, unknown> = {};
  const extensions: Record<string, unknown> = {};
  for (const [name, value] of headers) {
    if (!name.startsWith(HEADER_PREFIX)) continue;
    const attribute = name.slice(HEADER_PREFIX.length);
    if ((CORE_ATTRIBUTES as readonly string[]).includes(attribute) || attribute === 'dataschema') {
      raw[attribute] = value;
    } else if (attribute === 'subject') {
      raw.subject = value;
    } else if (attribute !== 'datacontenttype') {
      extensions[attribute] = value;
    }
  }
  const contentType = headers.get(CONTENT_TYPE) ?? headers.get(`${HEADER_PREFIX}datacontenttype`);
  if (contentType !== undefined && contentType.trim() !== '') raw.datacontenttype = contentType;
  const attributes = readAttributes(raw);
  const data =
    text.replace(/^\uFEFF/, '').trim() === ''
      ? undefined
      : parseJsonText(text, `${eventLabel(attributes.id)} data (binary mode)`);
  return assemble(attributes, readData(attributes, data), extensions, 'binary');
}

/**
 * Parses and validates an SAP business event (CloudEvents 1.0). Structured mode: `text` is the whole event as
 * JSON. Binary mode (Kafka protocol binding), recognised from `headers` (`ce_specversion` present and a
 * content type other than application/cloudevents+json): attributes come from the `ce_id`, `ce_type`,
 * `ce_source`, `ce_time`, `ce_specversion` (and other `ce_`) headers, `content-type` is the data content
 * type, and `text` is the data.
 *
 * Throws SapDocumentError: MALFORMED_JSON (with line and column), INVALID_VALUE (not an object, specversion
 * not 1.0, bad time, non-JSON data, a non-string key), MISSING_FIELD ('CloudEvent <id>: missing
 * data.BusinessPartner'), UNSUPPORTED_EVENT_TYPE (any type but BusinessPartner Created/Changed).
 */
export function parseCloudEvent(text: string, headers?: Record<string, string>): SapCloudEvent {
  if (headers !== undefined && isBinaryCloudEvent(headers))
    return parseBinary(text, lowerCaseHeaders(headers));
  return parseStructured(text);
}
