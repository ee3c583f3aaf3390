import type { LanguageCode } from '../fields';

/*
 * The canonical business partner, read from the OData V2 entity A_BusinessPartner of API_BUSINESS_PARTNER
 * (optionally with to_BusinessPartnerAddress expanded). Absent and empty values are null (never undefined,
 * never ''), dates are ISO 'YYYY-MM-DD', local date-times 'YYYY-MM-DDTHH:MM:SS' (SAP system time, no zone
 * invented), instants 'YYYY-MM-DDTHH:MM:SSZ', keys stay strings.
 */

/** BusinessPartnerCategory: '1' person, '2' organization, '3' group. */
export type BusinessPartnerCategory = 'person' | 'organization' | 'group';

/** IsFemale / IsMale / IsSexUnknown. */
export type BusinessPartnerGender = 'female' | 'male' | 'unknown';

/** A value of a custom field (YY1_/ZZ1_), converted like standard fields (dates ISO, '' null). */
export type CustomFieldValue = string | number | boolean | null;

export interface CanonicalBusinessPartner {
  /** Canonical business partner number (= record entityKey): numeric zero-padded to 10 (ALPHA). */
  businessPartner: string;
  /** BusinessPartner as the API sent it (external form, unpadded: '1003764'). */
  businessPartnerAsSent: string;
  /** BusinessPartnerUUID. */
  uuid: string | null;
  /** BusinessPartnerCategory. */
  category: BusinessPartnerCategory;
  /** BusinessPartnerGrouping (e.g. 'BP02'). */
  grouping: string | null;
  /** BusinessPartnerType (customer-defined grouping). */
  type: string | null;
  /** BusinessPartnerName. */
  name: string | null;
  /** BusinessPartnerFullName. */
  fullName: string | null;
  /** SearchTerm1. */
  searchTerm1: string | null;
  /** SearchTerm2 (newer API versions only). */
  searchTerm2: string | null;
  /** Person name data; set when category is 'person', else null. */
  person: BusinessPartnerPerson | null;
  /** Organization name data; set when category is 'organization', else null. */
  organization: BusinessPartnerOrganization | null;
  /** Group name data; set when category is 'group', else null. */
  group: BusinessPartnerGroup | null;
  /** Language (ISO code as the API sends it). */
  language: LanguageCode | null;
  /** CorrespondenceLanguage (ISO code). */
  correspondenceLanguage: LanguageCode | null;
  /** AuthorizationGroup. */
  authorizationGroup: string | null;
  /** Industry. */
  industry: string | null;
  /** Customer: the partner's customer number in canonical form (padded to 10), null when it is no customer. */
  customer: string | null;
  /** Supplier: the partner's supplier number in canonical form (padded to 10). */
  supplier: string | null;
  /** BusinessPartnerIDByExtSystem. */
  externalId: string | null;
  /** TradingPartner (company ID of the trading partner). */
  tradingPartner: string | null;
  /**
   * Global location number (GLN) from InternationalLocationNumber1 (7 digits), 2 (5 digits) and 3 (check
   * digit), 13 digits; null when all three are 0 or empty.
   */
  globalLocationNumber: string | null;
  /** IndependentAddressID. */
  independentAddressId: string | null;
  /** IsNaturalPerson: natural person under tax laws (any category). */
  naturalPersonUnderTaxLaw: boolean;
  /** CreatedByUser. */
  createdBy: string | null;
  /** CreationDate + CreationTime, SAP system local time. */
  createdAt: string | null;
  /** LastChangedByUser. */
  lastChangedBy: string | null;
  /** LastChangeDate + LastChangeTime; null when the partner was never changed (LastChangeDate null). */
  lastChangedAt: string | null;
  blocks: BusinessPartnerBlocks;
  /** IsMarkedForArchiving: central archiving flag, the partner's deletion flag (record.deleted = true). */
  markedForArchiving: boolean;
  /** to_BusinessPartnerAddress; null when the navigation was not expanded (addresses not read). */
  addresses: BusinessPartnerAddress[] | null;
  /** Custom fields (YY1_..., ZZ1_...) by name. */
  extensions: Record<string, CustomFieldValue>;
}

export interface BusinessPartnerBlocks {
  /** BusinessPartnerIsBlocked: central block (the partner still exists; it is not a deletion). */
  central: boolean;
  /** IsBusinessPurposeCompleted (data protection end of purpose); false when the API version lacks it. */
  businessPurposeCompleted: boolean;
}

export interface BusinessPartnerPerson {
  /** FirstName. */
  firstName: string | null;
  /** LastName. */
  lastName: string | null;
  /** MiddleName. */
  middleName: string | null;
  /** AdditionalLastName. */
  additionalLastName: string | null;
  /** PersonFullName. */
  fullName: string | null;
  /** FormOfAddress (key). */
  formOfAddress: string | null;
  /** AcademicTitle (key). */
  academicTitle: string | null;
  /** BirthDate. */
  birthDate: string | null;
  gender: BusinessPartnerGender | null;
  /** NameFormat. */
  nameFormat: string | null;
  /** NameCountry (country of the name format rule). */
  nameCountry: string | null;
  /** PersonNumber (Business Address Services person). */
  personNumber: string | null;
}

export interface BusinessPartnerOrganization {
  /** OrganizationBPName1 .. 4. */
  name1: string | null;
  name2: string | null;
  name3: string | null;
  name4: string | null;
  /** LegalForm. */
  legalForm: string | null;
  /** OrganizationFoundationDate. */
  foundationDate: string | null;
  /** OrganizationLiquidationDate. */
  liquidationDate: string | null;
}

export interface BusinessPartnerGroup {
  /** GroupBusinessPartnerName1 / 2. */
  name1: string | null;
  name2: string | null;
}

export interface BusinessPartnerAddress {
  /** AddressID (kept as sent: '28238'). */
  addressId: string;
  /** AddressUUID. */
  uuid: string | null;
  /** ValidityStartDate (instant, UTC). */
  validFrom: string | null;
  /** ValidityEndDate (instant, UTC; '9999-12-31T23:59:59Z' = open-ended). */
  validTo: string | null;
  /** FullName. */
  fullName: string | null;
  /** CareOfName. */
  careOf: string | null;
  /** FormOfAddress. */
  formOfAddress: string | null;
  /** StreetName. */
  street: string | null;
  /** HouseNumber (text: '16', '16a'). */
  houseNumber: string | null;
  /** HouseNumberSupplementText. */
  houseNumberSupplement: string | null;
  /** StreetPrefixName (street 2), AdditionalStreetPrefixName (street 3). */
  streetPrefix1: string | null;
  streetPrefix2: string | null;
  /** StreetSuffixName (street 4), AdditionalStreetSuffixName (street 5). */
  streetSuffix1: string | null;
  streetSuffix2: string | null;
  /** PostalCode (text: leading zeros matter). */
  postalCode: string | null;
  /** CityName. */
  city: string | null;
  /** CityCode. */
  cityCode: string | null;
  /** HomeCityName (city different from the postal city). */
  homeCity: string | null;
  /** District. */
  district: string | null;
  /** County. */
  county: string | null;
  /** Region (state, province). */
  region: string | null;
  /** Country (SAP country key). */
  country: string | null;
  /** CompanyPostalCode. */
  companyPostalCode: string | null;
  /** PO box fields; null when none is filled. */
  poBox: BusinessPartnerPoBox | null;
  /** DeliveryServiceTypeCode / DeliveryServiceNumber; null when neither is filled. */
  deliveryService: { type: string | null; number: string | null } | null;
  /** Language. */
  language: LanguageCode | null;
  /** AddressTimeZone. */
  timeZone: string | null;
  /** TaxJurisdiction. */
  taxJurisdiction: string | null;
  /** TransportZone. */
  transportZone: string | null;
  /** PrfrdCommMediumType. */
  preferredCommunicationType: string | null;
  /** Person (Business Address Services person number). */
  personNumber: string | null;
  /** AuthorizationGroup. */
  authorizationGroup: string | null;
  /** AddressIDByExternalSystem. */
  externalId: string | null;
  /** Custom fields of the address. */
  extensions: Record<string, CustomFieldValue>;
}

export interface BusinessPartnerPoBox {
  /** POBox. */
  number: string | null;
  /** POBoxIsWithoutNumber. */
  withoutNumber: boolean;
  /** POBoxPostalCode. */
  postalCode: string | null;
  /** POBoxLobbyName. */
  lobby: string | null;
  /** POBoxDeviatingCityName / Region / Country. */
  city: string | null;
  region: string | null;
  country: string | null;
}
