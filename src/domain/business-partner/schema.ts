import { z } from 'zod';
import {
  isoDateSchema,
  languageCodeSchema,
  nullableString as text,
  presentString,
  type SameType,
} from '../schema-parts';
import type { CanonicalBusinessPartner } from './types';

/*
 * Runtime schema of CanonicalBusinessPartner (the `data` of a business partner record), for consumers and
 * tests; the building blocks all entities share are in ../schema-parts.ts. Objects are strict: a member the
 * type does not declare is an error. The check at the end makes the build fail when the schema and the type
 * drift apart, in either direction.
 */

const isoDate = isoDateSchema.nullable();
/** SAP local date-time without zone. */
const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)
  .nullable();
/** UTC instant as the transform writes it. */
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/)
  .nullable();
const languageSchema = languageCodeSchema.nullable();
const customFields = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
/** Canonical SAP account number (BP, customer, supplier): numeric ones padded to 10. */
const accountNumber = z.string().regex(/^(?:\d{10}|(?!\d+$)\S(?:.{0,8}\S)?)$/);

export const businessPartnerAddressSchema = z.strictObject({
  addressId: presentString,
  uuid: text,
  validFrom: instant,
  validTo: instant,
  fullName: text,
  careOf: text,
  formOfAddress: text,
  street: text,
  houseNumber: text,
  houseNumberSupplement: text,
  streetPrefix1: text,
  streetPrefix2: text,
  streetSuffix1: text,
  streetSuffix2: text,
  postalCode: text,
  city: text,
  cityCode: text,
  homeCity: text,
  district: text,
  county: text,
  region: text,
  country: text,
  companyPostalCode: text,
  poBox: z
    .strictObject({
      number: text,
      withoutNumber: z.boolean(),
      postalCode: text,
      lobby: text,
      city: text,
      region: text,
      country: text,
    })
    .nullable(),
  deliveryService: z.strictObject({ type: text, number: text }).nullable(),
  language: languageSchema,
  timeZone: text,
  taxJurisdiction: text,
  transportZone: text,
  preferredCommunicationType: text,
  personNumber: text,
  authorizationGroup: text,
  externalId: text,
  extensions: customFields,
});

export const businessPartnerDataSchema = z.strictObject({
  businessPartner: accountNumber,
  businessPartnerAsSent: presentString,
  uuid: text,
  category: z.enum(['person', 'organization', 'group']),
  grouping: text,
  type: text,
  name: text,
  fullName: text,
  searchTerm1: text,
  searchTerm2: text,
  person: z
    .strictObject({
      firstName: text,
      lastName: text,
      middleName: text,
      additionalLastName: text,
      fullName: text,
      formOfAddress: text,
      academicTitle: text,
      birthDate: isoDate,
      gender: z.enum(['female', 'male', 'unknown']).nullable(),
      nameFormat: text,
      nameCountry: text,
      personNumber: text,
    })
    .nullable(),
  organization: z
    .strictObject({
      name1: text,
      name2: text,
      name3: text,
      name4: text,
      legalForm: text,
      foundationDate: isoDate,
      liquidationDate: isoDate,
    })
    .nullable(),
  group: z.strictObject({ name1: text, name2: text }).nullable(),
  language: languageSchema,
  correspondenceLanguage: languageSchema,
  authorizationGroup: text,
  industry: text,
  customer: accountNumber.nullable(),
  supplier: accountNumber.nullable(),
  externalId: text,
  tradingPartner: text,
  globalLocationNumber: z
    .string()
    .regex(/^\d{13}$/)
    .nullable(),
  independentAddressId: text,
  naturalPersonUnderTaxLaw: z.boolean(),
  createdBy: text,
  createdAt: localDateTime,
  lastChangedBy: text,
  lastChangedAt: localDateTime,
  blocks: z.strictObject({ central: z.boolean(), businessPurposeCompleted: z.boolean() }),
  markedForArchiving: z.boolean(),
  addresses: z.array(businessPartnerAddressSchema).nullable(),
  extensions: customFields,
});

export type BusinessPartnerData = z.infer<typeof businessPartnerDataSchema>;

/** Compile-time check: the schema's type and CanonicalBusinessPartner are the same (both directions). */
const _schemaMatchesType: SameType<BusinessPartnerData, CanonicalBusinessPartner> = true;
