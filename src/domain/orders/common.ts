import { sapTime } from '../fields';
import type { SegmentReader } from '../idoc/segment-reader';
import { alphaKey } from '../keys';
import type { OrderDate, OrderReference } from './types';

/** Length of SAP partner numbers (KUNNR, LIFNR, PARTNER): CHAR 10. */
const PARTNER_NUMBER_LENGTH = 10;

/**
 * A partner number field: numeric numbers that fit 10 digits get the ALPHA conversion ('10100098' ->
 * '0010100098'); longer numeric ones (a 13-digit GLN in the 17-character PARTN) and alphanumeric ones are
 * kept as sent, trimmed. Null when empty.
 */
export function partnerNumber(reader: SegmentReader, field: string): string | null {
  const text = reader.text(field);
  if (text === null || !/^\d+$/.test(text)) return text;
  return text.replace(/^0+(?=\d)/, '').length <= PARTNER_NUMBER_LENGTH
    ? alphaKey(text, PARTNER_NUMBER_LENGTH)
    : text;
}

/**
 * Entries of a qualified segment keyed by the qualifier as sent. The qualifier is required (MISSING_FIELD
 * otherwise); a repeated qualifier replaces the earlier entry, as SAP's own inbound processing does.
 */
export function byQualifier<T>(
  parent: SegmentReader,
  segmentName: string,
  qualifierField: string,
  read: (reader: SegmentReader) => T,
  /** Names the parent entry in messages, e.g. 'item 000010'. */
  context?: string,
): Record<string, T> {
  const entries = new Map<string, T>();
  for (const segment of parent.children(segmentName)) {
    const first = parent.child(segment, context);
    const qualifier = first.required(qualifierField);
    const entry = `${qualifierField} ${qualifier}`;
    entries.set(qualifier, read(first.keyed(context === undefined ? entry : `${context}, ${entry}`)));
  }
  return Object.fromEntries(entries);
}

/** A SAP time field (HHMMSS) as 'HH:MM:SS'. */
export function timeOf(reader: SegmentReader, field: string): string | null {
  return reader.parse(field, sapTime);
}

export function dateOf(reader: SegmentReader, dateField: string, timeField: string): OrderDate {
  return { date: reader.date(dateField), time: timeOf(reader, timeField) };
}

/** E1EDK02 (item field POSNR) / E1EDP02 (item field ZEILE). */
export function referenceOf(reader: SegmentReader, itemField: 'POSNR' | 'ZEILE'): OrderReference {
  return {
    documentNumber: reader.text('BELNR'),
    itemNumber: reader.text(itemField),
    ...dateOf(reader, 'DATUM', 'UZEIT'),
  };
}

/** The filled values of several fields, in order (NAME2-NAME4). */
export function filledValues(reader: SegmentReader, fields: readonly string[]): string[] {
  return fields.map((field) => reader.text(field)).filter((value): value is string => value !== null);
}
