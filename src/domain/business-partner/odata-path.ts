import { canonicalBusinessPartnerNumber } from '../events/describe';

/** Service root of API_BUSINESS_PARTNER (OData V2) on an S/4HANA system, relative to its host. */
export const API_BUSINESS_PARTNER_SERVICE_ROOT = '/sap/opu/odata/sap/API_BUSINESS_PARTNER';

/**
 * The business partner number in SAP's external form (ALPHA output conversion): leading zeros of a numeric
 * number removed ('0001000746' -> '1000746'), alphanumeric numbers unchanged. This is the form the API writes
 * in BusinessPartner and in its own `__metadata.uri`, and the form business events carry.
 */
export function externalBusinessPartnerNumber(key: string): string {
  const canonical = canonicalBusinessPartnerNumber(key);
  return /^\d+$/.test(canonical) ? canonical.replace(/^0+(?=\d)/, '') : canonical;
}

/**
 * Path of one business partner with its addresses, relative to API_BUSINESS_PARTNER_SERVICE_ROOT:
 * "A_BusinessPartner('1000746')?$expand=to_BusinessPartnerAddress&$format=json".
 *
 * The key is written unpadded (externalBusinessPartnerNumber) whatever form it is given in: that is how the
 * API itself addresses the entity (`__metadata.uri`); Gateway's ALPHA input conversion would also accept the
 * padded form, but the unpadded one is what SAP documents and returns. The key is an OData string literal
 * (quotes doubled: O'NEIL -> 'O''NEIL') and percent-encoded for the URL (encodeURIComponent keeps the quotes).
 * Throws SapDocumentError INVALID_VALUE for an empty key or one longer than 10 characters.
 */
export function businessPartnerODataPath(key: string): string {
  const literal = `'${externalBusinessPartnerNumber(key).replace(/'/g, "''")}'`;
  return `A_BusinessPartner(${encodeURIComponent(literal)})?$expand=to_BusinessPartnerAddress&$format=json`;
}
