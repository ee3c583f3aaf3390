import type { SapDocumentError } from '../errors';
import { invalidValue } from '../fields/invalid-value';
import type { CustomFieldValue } from './types';

/*
 * OData V2 JSON values as SAP Gateway writes them: Edm.DateTime and Edm.DateTimeOffset as '/Date(<ms>)/' and
 * '/Date(<ms>+0000)/' (milliseconds since 1970-01-01 UTC, optional offset in minutes that does not change the
 * instant), Edm.Time as an ISO 8601 duration 'PT17H49M05S', empty dates as null, Edm.String keys and NUMC
 * fields as strings (never turned into numbers).
 */

const ODATA_DATE = /^\/Date\((-?\d{1,15})([+-]\d{4})?\)\/$/;
const ODATA_TIME = /^PT(?:(\d{1,2})H)?(?:(\d{1,2})M)?(?:(\d{1,2})(?:\.0+)?S)?$/;
const DAY_MS = 86_400_000;

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** The raw JSON value as text, for messages. */
function shown(raw: unknown): string {
  return typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? String(raw));
}

function invalid(raw: unknown, expected: string): SapDocumentError {
  return invalidValue(shown(raw), expected);
}

interface ODataTicks {
  /** Milliseconds since 1970-01-01T00:00:00Z. */
  ms: number;
  /** True for the '/Date(<ms>+hhmm)/' form (Edm.DateTimeOffset). */
  withOffset: boolean;
  /** The instant as a Date (UTC fields). */
  date: Date;
}

/** '/Date(...)/' read; null for null, undefined and ''. */
function odataTicks(raw: unknown, expected: string): ODataTicks | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string') throw invalid(raw, expected);
  const match = ODATA_DATE.exec(raw.trim());
  if (match === null) throw invalid(raw, expected);
  const ms = Number(match[1]);
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (!Number.isFinite(date.getTime()) || year < 1 || year > 9999) {
    throw invalid(raw, `${expected} between the years 0001 and 9999`);
  }
  return { ms, withOffset: match[2] !== undefined, date };
}

function isoDate(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

function isoTime(date: Date): string {
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

function millisecondSuffix(date: Date): string {
  const ms = date.getUTCMilliseconds();
  return ms === 0 ? '' : `.${pad(ms, 3)}`;
}

function isMidnight(ticks: ODataTicks): boolean {
  return ((ticks.ms % DAY_MS) + DAY_MS) % DAY_MS === 0;
}

/**
 * An OData date (Edm.DateTime shown as a date, e.g. CreationDate, BirthDate) to ISO 'YYYY-MM-DD':
 * '/Date(1518393600000)/' -> '2018-02-12'. null, undefined and '' are null. A value that is not midnight UTC
 * is INVALID_VALUE (SAP writes DATS fields as midnight UTC).
 */
export function odataDate(raw: unknown): string | null {
  const expected = "an OData date (expected '/Date(<milliseconds>)/' at midnight UTC)";
  const ticks = odataTicks(raw, expected);
  if (ticks === null) return null;
  if (!isMidnight(ticks)) throw invalid(raw, `${expected}; it has a time of day`);
  return isoDate(ticks.date);
}

/**
 * An OData instant (Edm.DateTimeOffset, e.g. ValidityStartDate) to ISO UTC 'YYYY-MM-DDTHH:MM:SSZ' (with
 * '.sss' only when there are milliseconds): '/Date(253402300799000+0000)/' -> '9999-12-31T23:59:59Z'. The
 * offset is informational in OData V2 JSON (the milliseconds are UTC), so it does not move the instant.
 */
export function odataDateTime(raw: unknown): string | null {
  const ticks = odataTicks(raw, "an OData date-time (expected '/Date(<milliseconds>[+-hhmm])/')");
  if (ticks === null) return null;
  return `${isoDate(ticks.date)}T${isoTime(ticks.date)}${millisecondSuffix(ticks.date)}Z`;
}

/** An OData time (Edm.Time) to 'HH:MM:SS': 'PT17H49M05S' -> '17:49:05'. null, undefined and '' are null. */
export function odataTime(raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const expected = "an OData time (expected 'PT<hh>H<mm>M<ss>S')";
  if (typeof raw !== 'string') throw invalid(raw, expected);
  const text = raw.trim();
  const match = ODATA_TIME.exec(text);
  if (match === null || text === 'PT') throw invalid(raw, expected);
  const [hours, minutes, seconds] = [match[1], match[2], match[3]].map((part) => Number(part ?? '0')) as [
    number,
    number,
    number,
  ];
  if (hours > 23 || minutes > 59 || seconds > 59) throw invalid(raw, `${expected} within one day`);
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
}

/** Date and time to a local 'YYYY-MM-DDTHH:MM:SS' (SAP system time); null when there is no date. */
export function odataLocalDateTime(date: string | null, time: string | null): string | null {
  return date === null ? null : `${date}T${time ?? '00:00:00'}`;
}

/** Edm.String: trimmed; null, undefined and blank are null. Numbers and booleans are INVALID_VALUE. */
export function odataText(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') throw invalid(raw, 'a string');
  const text = raw.trim();
  return text === '' ? null : text;
}

/** Edm.Boolean, or an SAP flag sent as String(1) ('X' / ''). null and undefined are false. */
export function odataFlag(raw: unknown): boolean {
  if (raw === undefined || raw === null) return false;
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === '') return false;
    if (text === 'X' || text === 'x') return true;
  }
  throw invalid(raw, "a boolean or an SAP flag ('X' or blank)");
}

/**
 * A custom field value (YY1_..., ZZ1_...), converted by its form: '/Date(ms)/' (Edm.DateTime) to a date, or a
 * local date-time when it is not midnight; '/Date(ms+hhmm)/' (Edm.DateTimeOffset) to a UTC instant; 'PT..'
 * (a time of day) to 'HH:MM:SS'; other text trimmed ('' is null); numbers and booleans kept. Objects are INVALID_VALUE.
 */
export function customFieldValue(raw: unknown): CustomFieldValue {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw invalid(raw, 'a finite number');
    return raw;
  }
  if (typeof raw !== 'string') throw invalid(raw, 'a single value (string, number, boolean or null)');
  const text = raw.trim();
  if (text === '') return null;
  if (ODATA_DATE.test(text)) {
    const ticks = odataTicks(text, "an OData date-time (expected '/Date(<milliseconds>[+-hhmm])/')")!;
    if (ticks.withOffset) return odataDateTime(text);
    return isMidnight(ticks) ? isoDate(ticks.date) : `${isoDate(ticks.date)}T${isoTime(ticks.date)}`;
  }
  if (ODATA_TIME.test(text) && text !== 'PT') {
    try {
      return odataTime(text);
    } catch {
      return text; // looks like a duration but is no time of day: plain text
    }
  }
  return text;
}
