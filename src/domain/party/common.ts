import { SapDocumentError } from '../errors';
import { hasExtensions, type Extensions } from '../idoc/extensions';
import type { ParsedIdoc } from '../idoc/parsed-idoc';
import { SegmentReader } from '../idoc/segment-reader';
import { alphaKey } from '../keys';

/** Field length of customer and vendor numbers (KUNNR, LIFNR, KUNN2, ...): ALPHA-padded to 10. */
export const ACCOUNT_NUMBER_LENGTH = 10;

/** Adds `extensions` to an entry only when there are any (keeps entries small). */
export function withExtensions<T extends object>(
  entry: T,
  extensions: Extensions,
): T & { extensions?: Extensions } {
  return hasExtensions(extensions) ? { ...entry, extensions } : entry;
}

/**
 * A customer or vendor number field in its canonical form (ALPHA to 10: '1000746' -> '0001000746'), so
 * references join with the canonical keys; null when absent. INVALID_VALUE names the field when too long.
 */
export function accountNumber(reader: SegmentReader, field: string): string | null {
  if (reader.text(field) === null) return null;
  return reader.parse(field, (raw) => alphaKey(raw ?? '', ACCOUNT_NUMBER_LENGTH));
}

/** A required customer or vendor number (the key): as sent and canonical; MISSING_FIELD when absent. */
export function requiredAccountNumber(
  reader: SegmentReader,
  field: string,
): { asSent: string; canonical: string } {
  const asSent = reader.required(field);
  return { asSent, canonical: reader.parse(field, (raw) => alphaKey(raw ?? '', ACCOUNT_NUMBER_LENGTH)) };
}

/** The one top-level segment `name` of an IDoc; MISSING_SEGMENT or INVALID_VALUE (more than one) otherwise. */
export function singleTopSegment(idoc: ParsedIdoc, name: string, carries: string): SegmentReader {
  const { docnum } = idoc.control;
  const found = idoc.segments.filter((segment) => segment.name === name);
  if (found.length === 0) {
    throw new SapDocumentError('MISSING_SEGMENT', `IDoc ${docnum}: has no segment ${name}`, {
      docnum,
      segment: name,
    });
  }
  if (found.length > 1) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      `IDoc ${docnum}: has ${found.length} ${name} segments; ${carries}`,
      { docnum, segment: name, count: found.length },
    );
  }
  return new SegmentReader(found[0]!, docnum);
}
