import { invalidValue } from './invalid-value';

/** Calendar check for year/month/day numbers (proleptic Gregorian, as SAP DATS). */
export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/**
 * SAP date (DATS, YYYYMMDD) to ISO 'YYYY-MM-DD'. Absent, blank and '00000000' (SAP's empty date) are null;
 * '99991231' (open-ended) is kept as '9999-12-31'. An ISO date already converted by middleware is accepted.
 */
export function sapDate(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null) return null;
  const text = raw.trim();
  if (text === '' || /^0{8}$/.test(text) || text === '0000-00-00') return null;
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
  const [, year = '', month = '', day = ''] = match ?? [];
  if (!match || (text.length === 10) !== text.includes('-') || !isValidCalendarDate(+year, +month, +day)) {
    throw invalidValue(raw, 'a valid date (expected YYYYMMDD)');
  }
  return `${year}-${month}-${day}`;
}

/** SAP time (TIMS, HHMMSS) to 'HH:MM:SS'. Absent and blank are null; '000000' is midnight. */
export function sapTime(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null) return null;
  const text = raw.trim();
  if (text === '') return null;
  const match = /^(\d{2}):?(\d{2}):?(\d{2})$/.exec(text);
  const [, hours = '', minutes = '', seconds = ''] = match ?? [];
  if (!match || (text.length === 8) !== text.includes(':') || +hours > 23 || +minutes > 59 || +seconds > 59) {
    throw invalidValue(raw, 'a valid time (expected HHMMSS)');
  }
  return `${hours}:${minutes}:${seconds}`;
}

/**
 * SAP date + time to an ISO local date-time without zone ('YYYY-MM-DDTHH:MM:SS'): SAP sends server local
 * time with no zone, so none is invented. Null when the date is empty; a missing time counts as midnight.
 */
export function sapDateTime(
  rawDate: string | null | undefined,
  rawTime: string | null | undefined,
): string | null {
  const date = sapDate(rawDate);
  if (date === null) return null;
  return `${date}T${sapTime(rawTime) ?? '00:00:00'}`;
}
