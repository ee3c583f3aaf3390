/*
 * Which document fields hold personal data. A failure message about such a field names the field and the
 * problem, never the value ("value withheld: personal data"), so logs, the rejected topic's headers and
 * workflow failures stay free of it. Other values are quoted: operators need material numbers, plants, dates.
 *
 * Personal: names of customers, vendors, business partners and contact persons; street, postal address lines,
 * post office box, postal code, city and district; phone, fax and e-mail; tax and VAT numbers; the natural
 * person flag, birth date and sex; every field of bank details (account, IBAN, account holder, validity) and of
 * contact persons.
 */

/** IDoc segments whose every field is personal: bank details (customer, vendor) and contact persons. */
const PERSONAL_SEGMENTS: Readonly<Record<string, string>> = {
  E1KNBKM: 'bank details',
  E1LFBKM: 'bank details',
  E1KNVKM: 'contact person',
};

/** IDoc fields that are personal wherever they occur (party general data, partner and address segments). */
const PERSONAL_IDOC_FIELDS: Readonly<Record<string, string>> = {
  NAME1: 'name',
  NAME2: 'name',
  NAME3: 'name',
  NAME4: 'name',
  NAMEV: 'first name',
  NAME_CO: 'care-of name',
  STRAS: 'street',
  STRAS2: 'street',
  STREET: 'street',
  HOUSE_NUM1: 'house number',
  ORT01: 'city',
  ORT02: 'district',
  PSTLZ: 'postal code',
  PFACH: 'PO box',
  PSTL2: 'PO box postal code',
  PFORT: 'PO box city',
  TELF1: 'telephone',
  TELF2: 'telephone',
  TELFX: 'fax',
  TELBX: 'telebox',
  TELX1: 'telex',
  TELTX: 'teletex',
  SMTP_ADDR: 'e-mail address',
  STCEG: 'VAT registration number',
  STCD1: 'tax number',
  STCD2: 'tax number',
  STCD3: 'tax number',
  STCD4: 'tax number',
  STCD5: 'tax number',
  STKZN: 'natural person flag',
  KOINH: 'account holder',
  BANKN: 'bank account number',
  IBAN: 'IBAN',
};

/** Bank-details fields, described for messages (the whole segment is personal). */
const BANK_DETAIL_FIELDS: Readonly<Record<string, string>> = {
  KOVON: 'valid-from',
  KOBIS: 'valid-to',
  XEZER: 'collection authorization',
};

/** API_BUSINESS_PARTNER properties (A_BusinessPartner, A_BusinessPartnerAddress) that are personal. */
const PERSONAL_ODATA_PROPERTIES = new Set([
  'AcademicTitle',
  'AdditionalLastName',
  'AdditionalStreetPrefixName',
  'AdditionalStreetSuffixName',
  'BirthDate',
  'BusinessPartnerFullName',
  'BusinessPartnerName',
  'CareOfName',
  'CityName',
  'CompanyPostalCode',
  'District',
  'EmailAddress',
  'FaxNumber',
  'FirstName',
  'FormOfAddress',
  'FullName',
  'GroupBusinessPartnerName1',
  'GroupBusinessPartnerName2',
  'HomeCityName',
  'HouseNumber',
  'HouseNumberSupplementText',
  'IsFemale',
  'IsMale',
  'IsNaturalPerson',
  'IsSexUnknown',
  'LastName',
  'MiddleName',
  'MobilePhoneNumber',
  'OrganizationBPName1',
  'OrganizationBPName2',
  'OrganizationBPName3',
  'OrganizationBPName4',
  'PersonFullName',
  'PhoneNumber',
  'POBox',
  'POBoxDeviatingCityName',
  'POBoxLobbyName',
  'POBoxPostalCode',
  'PostalCode',
  'SearchTerm1',
  'SearchTerm2',
  'StreetName',
  'StreetPrefixName',
  'StreetSuffixName',
]);

/** The suffix of a message about a personal value. */
export const VALUE_WITHHELD = '(value withheld: personal data)';

/**
 * What an IDoc field is, when its value is personal ('bank details valid-from', 'street'); undefined when
 * the value is not personal and may be quoted.
 */
export function personalIdocField(segment: string, field: string): string | undefined {
  const whole = PERSONAL_SEGMENTS[segment];
  if (whole !== undefined) {
    const what = BANK_DETAIL_FIELDS[field] ?? PERSONAL_IDOC_FIELDS[field];
    return what === undefined ? whole : `${whole} ${what}`;
  }
  return PERSONAL_IDOC_FIELDS[field];
}

/** True when an API_BUSINESS_PARTNER property holds personal data. */
export function isPersonalODataProperty(property: string): boolean {
  return PERSONAL_ODATA_PROPERTIES.has(property);
}
