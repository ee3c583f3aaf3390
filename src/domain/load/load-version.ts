import { odataDate, odataDateTime, odataTime } from '../business-partner/odata-values';
import { SapDocumentError } from '../errors';
import { makeVersion } from '../version';

/**
 * The document number part of a loaded entity's version: zero, so a load loses a tie against an IDoc or a
 * business event of the same second (their document number or sub-second part is never all zeros).
 */
export const LOAD_DOCNUM = '0';

function digits(iso: string): string {
  return iso.replace(/\D/g, '').slice(0, 14).padEnd(14, '0');
}

/** A property parsed by `parse`; a value of the wrong form names the entity and the property. */
function read<T>(
  entity: Record<string, unknown>,
  label: string,
  property: string,
  parse: (raw: unknown) => T,
): T {
  try {
    return parse(entity[property]);
  } catch (error) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      `${label} property ${property}: ${error instanceof Error ? error.message : String(error)}`,
      { field: property },
    );
  }
}

/** The first timestamp (YYYYMMDDHHMMSS) the candidates give, in order; MISSING_FIELD when none does. */
function firstTimestamp(label: string, candidates: Array<[string, () => string | null]>): string {
  for (const [, candidate] of candidates) {
    const value = candidate();
    if (value !== null) return digits(value);
  }
  const names = candidates.map(([name]) => name).join(', ');
  throw new SapDocumentError('MISSING_FIELD', `${label} has none of ${names} to version it by`, {
    field: candidates[0]?.[0],
  });
}

/**
 * The version of a product read from API_PRODUCT_SRV: its LastChangeDateTime (UTC, to the second), else
 * LastChangeDate, else CreationDate (both at 00:00:00), with document number 0 (LOAD_DOCNUM).
 */
export function productLoadVersion(entity: Record<string, unknown>, label: string): string {
  const timestamp = firstTimestamp(label, [
    ['LastChangeDateTime', () => read(entity, label, 'LastChangeDateTime', odataDateTime)],
    ['LastChangeDate', () => read(entity, label, 'LastChangeDate', odataDate)],
    ['CreationDate', () => read(entity, label, 'CreationDate', odataDate)],
  ]);
  return makeVersion(timestamp, LOAD_DOCNUM);
}

/**
 * The version of a business partner read from API_BUSINESS_PARTNER: LastChangeDate with LastChangeTime,
 * else CreationDate with CreationTime, with document number 0 (LOAD_DOCNUM).
 */
export function businessPartnerLoadVersion(entity: Record<string, unknown>, label: string): string {
  const dateTime = (dateProperty: string, timeProperty: string): string | null => {
    const date = read(entity, label, dateProperty, odataDate);
    if (date === null) return null;
    return `${date}T${read(entity, label, timeProperty, odataTime) ?? '00:00:00'}`;
  };
  const timestamp = firstTimestamp(label, [
    ['LastChangeDate', () => dateTime('LastChangeDate', 'LastChangeTime')],
    ['CreationDate', () => dateTime('CreationDate', 'CreationTime')],
  ]);
  return makeVersion(timestamp, LOAD_DOCNUM);
}
