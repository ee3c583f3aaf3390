import { SapDocumentError } from '../errors';

/** What each field parser's error said was expected, for messages that must not quote the value. */
const EXPECTED = new WeakMap<object, string>();

/**
 * The error every field parser throws; the segment reader adds which IDoc, segment and field it was (and, for
 * a personal field, says what was expected without the value: see expectedOf).
 */
export function invalidValue(raw: string, expected: string): SapDocumentError {
  const error = new SapDocumentError('INVALID_VALUE', `'${raw}' is not ${expected}`, { value: raw });
  EXPECTED.set(error, expected);
  return error;
}

/** What a field parser's error says was expected ('a valid date (expected YYYYMMDD)'), when it says. */
export function expectedOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? EXPECTED.get(error) : undefined;
}
