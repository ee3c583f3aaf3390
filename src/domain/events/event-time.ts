import { SapDocumentError } from '../errors';
import { isValidCalendarDate } from '../fields';
import { makeVersion } from '../version';

/** A CloudEvent `time` read as a UTC instant with nanosecond resolution. */
export interface EventInstant {
  /** UTC date and time as YYYYMMDDHHMMSS. */
  timestamp14: string;
  /** Nanoseconds within the second, 9 digits ('123000000' for '.123'). */
  nanoseconds9: string;
}

/** RFC 3339 date-time: date, 'T', time, optional fraction, 'Z' or a numeric offset. */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

function invalidTime(raw: string, problem: string): SapDocumentError {
  return new SapDocumentError('INVALID_VALUE', `'${raw}' is not ${problem}`, {
    value: raw,
    field: 'time',
    expected: problem,
  });
}

/**
 * Reads a CloudEvent `time` (RFC 3339, any offset) as a UTC instant. Fractions finer than a nanosecond are
 * cut off. Throws SapDocumentError INVALID_VALUE for anything else, including leap seconds (:60) and
 * instants outside the years 0001-9999 once converted to UTC.
 */
export function parseEventTime(raw: string): EventInstant {
  const match = RFC3339.exec(raw);
  if (match === null) throw invalidTime(raw, 'an RFC 3339 date-time (expected e.g. 2023-03-03T13:19:54Z)');
  const [, y = '', mo = '', d = '', h = '', mi = '', s = '', fraction = '', , sign = '', oh = '', om = ''] =
    match;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  const [hour, minute, second] = [Number(h), Number(mi), Number(s)];
  if (!isValidCalendarDate(year, month, day)) throw invalidTime(raw, 'a valid date-time (no such date)');
  if (hour > 23 || minute > 59 || second > 59) {
    throw invalidTime(raw, 'a valid date-time (hours 00-23, minutes and seconds 00-59)');
  }
  let offset = 0;
  if (sign !== '') {
    if (Number(oh) > 23 || Number(om) > 59) throw invalidTime(raw, 'a valid date-time (bad offset)');
    offset = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  }
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  instant.setUTCHours(hour, minute - offset, second, 0);
  const utcYear = instant.getUTCFullYear();
  if (utcYear < 1 || utcYear > 9999)
    throw invalidTime(raw, 'a date-time between the years 0001 and 9999 UTC');
  const timestamp14 =
    pad(utcYear, 4) +
    pad(instant.getUTCMonth() + 1, 2) +
    pad(instant.getUTCDate(), 2) +
    pad(instant.getUTCHours(), 2) +
    pad(instant.getUTCMinutes(), 2) +
    pad(instant.getUTCSeconds(), 2);
  return { timestamp14, nanoseconds9: fraction.slice(0, 9).padEnd(9, '0') };
}

/** FNV-1a of the event id, as 7 decimal digits: a stable tie-breaker, no I/O, no Node built-ins. */
function idDigits(eventId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < eventId.length; i += 1) {
    hash ^= eventId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return String(hash % 10_000_000).padStart(7, '0');
}

/**
 * The version of the change a business event announces, from its `time`:
 * `${UTC time as YYYYMMDDHHMMSS}.${nanoseconds within that second (9 digits)}${7 digits}`. The last 7 digits
 * are a stable hash of the event id when one is given (else zeros), so two events of the same instant (SAP
 * sends whole seconds) still get distinct versions and neither is taken for a duplicate; each event's
 * enrichment reads the partner's current state, so their order among themselves does not lose data.
 * '2023-03-03T14:19:54.123456+01:00' without id gives '20230303131954.1234560000000000'. Plain string order
 * is time order, whatever offset or fraction length the event used.
 */
export function eventVersion(time: string, eventId?: string): string {
  const { timestamp14, nanoseconds9 } = parseEventTime(time);
  return makeVersion(timestamp14, `${nanoseconds9}${eventId === undefined ? '0000000' : idDigits(eventId)}`);
}
