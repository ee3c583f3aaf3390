import { canonicalMaterialNumber } from '../keys';
import { isoUnit, sapUnit, type UnitCode } from '../fields';
import type { SegmentReader } from '../idoc/segment-reader';

/** An article number as sent and in canonical form (same rules as a MATMAS material number). */
export interface ArticleNumber {
  materialNumber: string;
  asSent: string;
  long: boolean;
}

/**
 * The article a segment is about: `<field>_LONG` (S/4, 40 characters) when sent, else `<field>`, made
 * canonical; null when the segment names none.
 */
export function articleNumberOf(reader: SegmentReader, field: string): ArticleNumber | null {
  const longField = `${field}_LONG`;
  const long = reader.text(longField) !== null;
  const used = long ? longField : field;
  const asSent = reader.text(used);
  if (asSent === null) return null;
  const materialNumber = reader.parse(used, (raw) => canonicalMaterialNumber(raw ?? ''));
  return { materialNumber, asSent, long };
}

/** A BAPI unit pair: the ISO code (`<field>_ISO`) when sent, else the SAP internal code (`<field>`). */
export function bapiUnit(reader: SegmentReader, field: string): UnitCode | null {
  return isoUnit(reader.raw(`${field}_ISO`)) ?? sapUnit(reader.raw(field));
}
