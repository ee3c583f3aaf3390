import { SapDocumentError } from './errors';

/**
 * SAP ALPHA conversion (external -> internal): a purely numeric key is zero-padded to the field length
 * ('1000746' -> '0001000746' for length 10); anything else is returned trimmed and otherwise untouched
 * ('TEST_FERT1', '200-255'). Works on text only, never converts to a number.
 * A numeric key with more significant digits than `length` is an INVALID_VALUE.
 */
export function alphaKey(value: string, length: number): string {
  const text = value.trim();
  if (!/^\d+$/.test(text)) return text;
  const significant = text.replace(/^0+(?=\d)/, '');
  if (significant.length > length) {
    throw new SapDocumentError('INVALID_VALUE', `key '${text}' has more than ${length} digits`, {
      value,
      length,
    });
  }
  return significant.padStart(length, '0');
}

/** Field lengths of the material number: MATNR (18, also on S/4 in IDocs) and the long form (40). */
export const MATERIAL_NUMBER_LENGTH = 18;
export const LONG_MATERIAL_NUMBER_LENGTH = 40;

/**
 * The one canonical material number, whatever the source (IDoc MATNR, S/4 MATNR_LONG, unpadded OData or
 * event keys): numeric numbers that fit 18 digits are zero-padded to 18 (so '4711', '000000000000004711'
 * and a 40-digit zero-padded long form all give '000000000000004711'); longer numeric ones to 40;
 * alphanumeric ones are kept as sent, trimmed. Empty or longer than 40 characters is an INVALID_VALUE.
 */
export function canonicalMaterialNumber(matnr: string): string {
  const text = matnr.trim();
  if (text === '') throw new SapDocumentError('INVALID_VALUE', 'material number is empty', { value: matnr });
  if (text.length > LONG_MATERIAL_NUMBER_LENGTH) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      `material number '${text}' is longer than ${LONG_MATERIAL_NUMBER_LENGTH} characters`,
      { value: matnr },
    );
  }
  if (!/^\d+$/.test(text)) return text;
  const significant = text.replace(/^0+(?=\d)/, '');
  return significant.length <= MATERIAL_NUMBER_LENGTH
    ? significant.padStart(MATERIAL_NUMBER_LENGTH, '0')
    : significant.padStart(LONG_MATERIAL_NUMBER_LENGTH, '0');
}
