import { z } from 'zod';
import type { ExtensionSegment } from '../idoc/extensions';

/*
 * zod schemas of the parts customer and vendor data share (see party-types.ts). Entries are strict objects:
 * a key the canonical types do not declare is a validation error.
 */

/** A present value is never empty (the field readers turn blank into null). */
export const presentString = z.string().min(1);
export const nullableString = presentString.nullable();
/** ISO date 'YYYY-MM-DD' or null. */
export const isoDate = z.iso.date().nullable();
/** A canonical customer/vendor number: numeric ones are 10 digits, others trimmed and not all digits. */
const CANONICAL_ACCOUNT_NUMBER = /^(?:\d{10}|(?!\d+$)\S(?:.*\S)?)$/;
export const accountNumberSchema = z
  .string()
  .regex(CANONICAL_ACCOUNT_NUMBER, 'a canonical account number (numeric ones padded to 10 digits)');
export const changeTypeSchema = z.enum(['upsert', 'delete']);

export const languageCodeSchema = z.strictObject({ iso: nullableString, sap: nullableString });

export const extensionSegmentSchema: z.ZodType<ExtensionSegment> = z.lazy(() =>
  z.strictObject({
    parent: z.string(),
    fields: z.record(z.string(), z.string()),
    segments: z.record(z.string(), z.array(extensionSegmentSchema)).optional(),
  }),
);

export const extensionsSchema = z.strictObject({
  fields: z.record(z.string(), z.string()),
  segments: z.record(z.string(), z.array(extensionSegmentSchema)),
});

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
  validFrom: isoDate,
  validTo: isoDate,
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

export const partyTextSchema = z.strictObject({
  textId: nullableString,
  textObject: nullableString,
  language: languageCodeSchema.nullable(),
  text: z.string(),
  changeType: changeTypeSchema,
});

export const incotermsSchema = z.strictObject({ code: nullableString, location: nullableString });

/** true when A and B are mutually assignable: used for compile-time checks that a schema matches its type. */
export type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
