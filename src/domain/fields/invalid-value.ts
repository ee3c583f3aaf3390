import { SapDocumentError } from '../errors';

/** The error every field parser throws; the segment reader adds which IDoc, segment and field it was. */
export function invalidValue(raw: string, expected: string): SapDocumentError {
  return new SapDocumentError('INVALID_VALUE', `'${raw}' is not ${expected}`, { value: raw });
}
