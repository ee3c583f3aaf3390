/**
 * A language as SAP sends it: `SPRAS` is a one-character, case-sensitive SAP code ('E', 'D'; lower-case 'd'
 * is a different language), `SPRAS_ISO` the two-letter ISO 639-1 code. Languages are compared on the ISO code.
 */
export interface LanguageCode {
  /** ISO 639-1 code, upper case ('EN'); null when the source did not send one. */
  iso: string | null;
  /** SAP language key exactly as sent (case kept); null when not sent. */
  sap: string | null;
}

export function languageCode(
  rawSap: string | null | undefined,
  rawIso: string | null | undefined,
): LanguageCode | null {
  const sap = rawSap?.trim() || null;
  const iso = rawIso?.trim().toUpperCase() || null;
  return sap === null && iso === null ? null : { iso, sap };
}

/** Identity of a language for comparison: the ISO code when known, else the case-sensitive SAP key. */
export function languageIdentity(language: LanguageCode): string {
  return language.iso !== null ? `iso:${language.iso}` : `sap:${language.sap ?? ''}`;
}

export function sameLanguage(a: LanguageCode, b: LanguageCode): boolean {
  return languageIdentity(a) === languageIdentity(b);
}
