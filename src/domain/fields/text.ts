import { invalidValue } from './invalid-value';

/** Field text with surrounding blanks removed; absent, empty and blank-only values are null. */
export function textValue(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null) return null;
  const text = raw.trim();
  return text === '' ? null : text;
}

/** SAP checkbox (XFELD): 'X' is true, absent or blank is false; anything else is invalid. */
export function flagValue(raw: string | null | undefined): boolean {
  const text = textValue(raw);
  if (text === null) return false;
  if (text === 'X' || text === 'x') return true;
  throw invalidValue(raw ?? '', "an SAP flag (expected 'X' or blank)");
}
