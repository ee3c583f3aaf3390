/**
 * Unit of measure codes. IDoc unit fields carry ISO codes (ALE converts SAP internal units on the way out:
 * 'KGM', 'PCE'); tables and OData carry SAP internal codes ('KG', 'ST'). A code is kept exactly as received,
 * together with which of the two code lists it belongs to; no conversion table is guessed.
 */
export type UnitCodeType = 'iso' | 'sap';

export interface UnitCode {
  code: string;
  codeType: UnitCodeType;
}

/** A quantity with its unit (the unit may be missing in the source). */
export interface Measure {
  value: number;
  unit: UnitCode | null;
}

function unitCode(raw: string | null | undefined, codeType: UnitCodeType): UnitCode | null {
  const code = raw?.trim() ?? '';
  return code === '' ? null : { code, codeType };
}

/** A unit field that carries an ISO code (IDoc unit fields, `*_ISO` fields). */
export function isoUnit(raw: string | null | undefined): UnitCode | null {
  return unitCode(raw, 'iso');
}

/** A unit field that carries an SAP internal code (table fields, OData). */
export function sapUnit(raw: string | null | undefined): UnitCode | null {
  return unitCode(raw, 'sap');
}

/** Value and unit as one measure; null when there is no value. */
export function measure(value: number | null, unit: UnitCode | null): Measure | null {
  return value === null ? null : { value, unit };
}
