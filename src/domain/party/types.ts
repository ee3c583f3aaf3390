import type { ChangeType } from '../entity';
import type { LanguageCode } from '../fields';
import type { Extensions } from '../idoc/extensions';

/*
 * Parts the customer (DEBMAS) and vendor (CREMAS) masters share: the general segments E1KNA1M and E1LFA1M
 * carry the same name, address, communication and tax fields, E1KNBKM and E1LFBKM the same bank fields, and
 * both IDocs use the same contact person segment E1KNVKM and the same text header/line layout.
 * Absent values are null, dates ISO 'YYYY-MM-DD', codes and keys stay strings.
 */

/** NAME1..NAME4 as sent (trimmed). */
export interface PartyNames {
  name1: string | null;
  name2: string | null;
  name3: string | null;
  name4: string | null;
}

export interface PartyAddress {
  /** STRAS (street and house number). */
  street: string | null;
  /** ORT01. */
  city: string | null;
  /** ORT02. */
  district: string | null;
  /** PSTLZ. */
  postalCode: string | null;
  /** PFACH. */
  poBox: string | null;
  /** PSTL2. */
  poBoxPostalCode: string | null;
  /** PFORT. */
  poBoxCity: string | null;
  /** REGIO. */
  region: string | null;
  /** LAND1 (SAP country key, e.g. 'DE'). */
  country: string | null;
}

export interface PartyCommunication {
  /** TELF1. */
  telephone1: string | null;
  /** TELF2. */
  telephone2: string | null;
  /** TELFX. */
  fax: string | null;
}

export interface PartyTax {
  /** STCEG. */
  vatRegistrationNumber: string | null;
  /** STCD1..STCD4 (general segment) and STCD5 (additional segment E1KNA11 / E1LFA1A). */
  taxNumber1: string | null;
  taxNumber2: string | null;
  taxNumber3: string | null;
  taxNumber4: string | null;
  taxNumber5: string | null;
  /** STCDT. */
  taxNumberType: string | null;
  /** STKZN: the partner is a natural person. */
  naturalPerson: boolean;
}

/** Company code data (E1KNB1M / E1LFB1M): the fields both carry. */
export interface PartyCompanyCode {
  /** BUKRS. */
  companyCode: string;
  /** LOEVM at company-code level (does not delete the customer/vendor). */
  markedForDeletion: boolean;
  /** SPERR at company-code level. */
  postingBlock: boolean;
  /** NODEL at company-code level. */
  deletionBlocked: boolean;
  /** ZAHLS: payment block code; null = not blocked. */
  paymentBlock: string | null;
  /** AKONT. */
  reconciliationAccount: string | null;
  /** ZTERM. */
  paymentTerms: string | null;
  /** ZWELS: payment methods, one character each (e.g. 'CT'). */
  paymentMethods: string | null;
  /** BUSAB. */
  accountingClerk: string | null;
  /** ZUAWA. */
  sortKey: string | null;
  /** KNRZE / LNRZE: head office account, canonical (padded to 10). */
  headOffice: string | null;
  /** ALTKN. */
  previousAccountNumber: string | null;
  changeType: ChangeType;
  extensions?: Extensions;
}

/** E1KNBKM / E1LFBKM. */
export interface PartyBankDetail {
  /** BANKS (bank country). */
  bankCountry: string;
  /** BANKL (bank key). */
  bankKey: string | null;
  /** BANKN (account number). */
  accountNumber: string | null;
  /** BKONT. */
  controlKey: string | null;
  /** BVTYP (partner bank type). */
  partnerBankType: string | null;
  /** KOINH. */
  accountHolder: string | null;
  /** BANKA. */
  bankName: string | null;
  /** SWIFT (SWIFT/BIC). */
  swiftCode: string | null;
  /** IBAN, when the segment carries it. */
  iban: string | null;
  /** BKREF. */
  reference: string | null;
  /** XEZER: a direct debit authorisation exists. */
  collectionAuthorization: boolean;
  /** KOVON. */
  validFrom: string | null;
  /** KOBIS. */
  validTo: string | null;
  changeType: ChangeType;
  extensions?: Extensions;
}

/** E1KNVKM (in DEBMAS and CREMAS). */
export interface PartyContactPerson {
  /** PARNR (kept as sent: a NUMC key). */
  contactPersonNumber: string;
  /** NAMEV. */
  firstName: string | null;
  /** NAME1. */
  lastName: string | null;
  /** ANRED (form of address). */
  formOfAddress: string | null;
  /** ABTNR (department code). */
  department: string | null;
  /** ABTPA (department at the partner, free text). */
  departmentText: string | null;
  /** PAFKT (function code). */
  function: string | null;
  /** TELF1. */
  telephone: string | null;
  /** PARLA / PARLA_ISO. */
  language: LanguageCode | null;
  changeType: ChangeType;
  extensions?: Extensions;
}

/** A text header (E1KNA1H / E1LFA1H) with its lines joined. */
export interface PartyText {
  /** TDID. */
  textId: string | null;
  /** TDOBJECT, e.g. 'KNA1', 'LFA1'. */
  textObject: string | null;
  /** TDSPRAS / TDSPRASISO. */
  language: LanguageCode | null;
  /** TDLINE lines joined by their TDFORMAT. */
  text: string;
  changeType: ChangeType;
}

/** INCO1 / INCO2. */
export interface Incoterms {
  code: string | null;
  location: string | null;
}
