/*
 * Versions order the changes of one business object. This file is imported by deterministic Temporal
 * workflow code: it must stay free of imports, I/O, clocks and randomness.
 *
 * A version is the fixed-width string `${timestamp14}.${docnum16}` (31 characters), so plain string
 * comparison orders versions in time, then by IDoc number for IDocs sharing one timestamp.
 */

const ZERO_TIMESTAMP = '00000000000000';
const VERSION_PATTERN = /^\d{14}\.\d{16}$/;

/** True when `timestamp14` is a real calendar date and time written as YYYYMMDDHHMMSS. */
function isValidTimestamp14(timestamp14: string): boolean {
  if (!/^\d{14}$/.test(timestamp14)) return false;
  return isValidDate8(timestamp14.slice(0, 8)) && isValidTime6(timestamp14.slice(8));
}

function isValidDate8(date: string): boolean {
  if (!/^\d{8}$/.test(date)) return false;
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(4, 6));
  const day = Number(date.slice(6, 8));
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = [
    31,
    year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return day <= (daysInMonth[month - 1] ?? 0);
}

function isValidTime6(time: string): boolean {
  if (!/^\d{6}$/.test(time)) return false;
  return Number(time.slice(0, 2)) < 24 && Number(time.slice(2, 4)) < 60 && Number(time.slice(4, 6)) < 60;
}

/**
 * Builds a version from a 14-digit timestamp and an IDoc number (zero-padded to 16 digits).
 * Throws RangeError on input that would break the fixed width (a programming error, not bad data).
 */
export function makeVersion(timestamp14: string, docnum: string): string {
  if (!/^\d{14}$/.test(timestamp14)) {
    throw new RangeError(`version timestamp must be 14 digits (YYYYMMDDHHMMSS), got '${timestamp14}'`);
  }
  const digits = docnum.trim();
  if (!/^\d{1,16}$/.test(digits)) {
    throw new RangeError(`version document number must be 1 to 16 digits, got '${docnum}'`);
  }
  return `${timestamp14}.${digits.padStart(16, '0')}`;
}

/** -1, 0 or 1: plain string order, which is time order for versions made by makeVersion. */
export function compareVersions(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** True for a string of the shape makeVersion produces. */
export function isVersion(value: unknown): value is string {
  return typeof value === 'string' && VERSION_PATTERN.test(value);
}

/**
 * The timestamp part of an IDoc's version, from its control record fields:
 * SERIAL when present and valid (its first 14 characters must be YYYYMMDDHHMMSS; SERIAL is 20 characters
 * wide and some systems append digits), else CREDAT + CRETIM (CRETIM missing or invalid counts as 000000),
 * else '00000000000000'.
 */
export function idocVersionTimestamp(serial?: string, createdDate?: string, createdTime?: string): string {
  const serialText = serial?.trim() ?? '';
  if (/^\d{14}\d{0,6}$/.test(serialText) && isValidTimestamp14(serialText.slice(0, 14))) {
    return serialText.slice(0, 14);
  }
  const date = createdDate?.trim() ?? '';
  if (isValidDate8(date)) {
    const time = createdTime?.trim() ?? '';
    return `${date}${isValidTime6(time) ? time : '000000'}`;
  }
  return ZERO_TIMESTAMP;
}
