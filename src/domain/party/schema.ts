import { z } from 'zod';
import {
  changeTypeSchema,
  extensionsSchema,
  isoDateSchema,
  languageCodeSchema,
  nullableString,
  presentString,
} from '../schema-parts';

/*
 * zod schemas of the parts customer and vendor data share (see types.ts); the building blocks all entities
 * share are in ../schema-parts.ts. Entries are strict objects: a key the canonical types do not declare is a
 * validation error.
 */

/** A canonical customer/vendor number: numeric ones are 10 digits, others trimmed and not all digits. */
const CANONICAL_ACCOUNT_NUMBER = /^(?:\d{10}|(?!\d+$)\S(?:.*\S)?)$/;
export const accountNumberSchema = z
  .string()
  .regex(CANONICAL_ACCOUNT_NUMBER, 'a canonical account number (numeric ones padded to 10 digits)');

export const partyNamesSchema = z.strictObject({
  name1: nullableString,
  name2: nullableString,
  name3: nullableString,
  name4: nullableString,
});

export const partyAddressSchema = z.strictObject({
  street: nullableString,
  city: nullableString,
  district: nullableString,
  postalCode: nullableString,
  poBox: nullableString,
  poBoxPostalCode: nullableString,
  poBoxCity: nullableString,
  region: nullableString,
  country: nullableString,
});

export const partyCommunicationSchema = z.strictObject({
  telephone1: nullableString,
  telephone2: nullableString,
  fax: nullableString,
});

export const partyTaxSchema = z.strictObject({
  vatRegistrationNumber: nullableString,
  taxNumber1: nullableString,
  taxNumber2: nullableString,
  taxNumber3: nullableString,
  taxNumber4: nullableString,
  taxNumber5: nullableString,
  taxNumberType: nullableString,
  naturalPerson: z.boolean(),
});

/** Shape of PartyCompanyCode; entity schemas spread it and add their own fields. */
export const partyCompanyCodeShape = {
  companyCode: presentString,
  markedForDeletion: z.boolean(),
  postingBlock: z.boolean(),
  deletionBlocked: z.boolean(),
  paymentBlock: nullableString,
  reconciliationAccount: nullableString,
  paymentTerms: nullableString,
  paymentMethods: nullableString,
  accountingClerk: nullableString,
  sortKey: nullableString,
  headOffice: accountNumberSchema.nullable(),
  previousAccountNumber: nullableString,
  changeType: changeTypeSchema,
  extensions: extensionsSchema.optional(),
};

export const partyBankDetailSchema = z.strictObject({
  bankCountry: presentString,
  bankKey: nullableString,
  accountNumber: nullableString,
  controlKey: nullableString,
  partnerBankType: nullableString,
  accountHolder: nullableString,
  bankName: nullableString,
  swiftCode: nullableString,
  iban: nullableString,
  reference: nullableString,
  collectionAuthorization: z.boolean(),
  validFrom: isoDateSchema.nullable(),
  validTo: isoDateSchema.nullable(),
  changeType: changeTypeSchema,
  extensions: extensionsSchema.optional(),
});

export const partyContactPersonSchema = z.strictObject({
  contactPersonNumber: presentString,
  firstName: nullableString,
  lastName: nullableString,
  formOfAddress: nullableString,
  department: nullableString,
  departmentText: nullableString,
  function: nullableString,
  telephone: nullableString,
  language: languageCodeSchema.nullable(),
  changeType: changeTypeSchema,
  extensions: extensionsSchema.optional(),
});

export const incotermsSchema = z.strictObject({ code: nullableString, location: nullableString });
