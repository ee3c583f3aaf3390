import { invalidValue } from './invalid-value';

const PLAIN = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)([+-]?)$/;
const SCIENTIFIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+$/;

/**
 * SAP decimal text to a number. SAP writes '.' as decimal point, no thousands separator, a TRAILING minus
 * for negatives ('10.500-' is -10.5) and may pad with blanks ('         2.000'); a leading sign and the
 * floating-point form of FLTP fields ('1.5E+01') are accepted too. Absent and blank are null.
 */
export function sapDecimal(raw: string | null | undefined): number | null {
  if (raw === undefined || raw === null) return null;
  const text = raw.trim();
  if (text === '') return null;
  let value: number;
  const plain = PLAIN.exec(text);
  if (plain) {
    const [, leading = '', digits = '', trailing = ''] = plain;
    if (leading !== '' && trailing !== '') throw invalidValue(raw, 'a decimal number (sign given twice)');
    value = Number(digits);
    if (leading === '-' || trailing === '-') value = -value;
  } else if (SCIENTIFIC.test(text)) {
    value = Number(text);
  } else {
    throw invalidValue(raw, "a decimal number (expected digits with '.' and an optional trailing minus)");
  }
  if (!Number.isFinite(value)) throw invalidValue(raw, 'a finite decimal number');
  return value === 0 ? 0 : value; // no negative zero
}
