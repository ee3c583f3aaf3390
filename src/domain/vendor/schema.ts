import { z } from 'zod';
import {
  accountNumberSchema,
  incotermsSchema,
  partyAddressSchema,
  partyBankDetailSchema,
  partyCommunicationSchema,
  partyCompanyCodeShape,
  partyContactPersonSchema,
  partyNamesSchema,
  partyTaxSchema,
} from '../party/schema';
import {
  changeTypeSchema,
  extensionsSchema,
  isoDateSchema,
  languageCodeSchema,
  masterDataTextSchema,
  nullableString,
  presentString,
  type SameType,
} from '../schema-parts';
import type { CanonicalVendor } from './types';

const companyCodeSchema = z.strictObject({
  ...partyCompanyCodeShape,
  houseBank: nullableString,
  createdOn: isoDateSchema.nullable(),
  createdBy: nullableString,
});

const purchasingOrganizationSchema = z.strictObject({
  purchasingOrganization: presentString,
  markedForDeletion: z.boolean(),
  purchasingBlock: z.boolean(),
  orderCurrency: nullableString,
  paymentTerms: nullableString,
  incoterms: incotermsSchema.nullable(),
  purchasingGroup: nullableString,
  salesPerson: nullableString,
  telephone: nullableString,
  minimumOrderValue: z.strictObject({ value: z.number(), currency: nullableString }).nullable(),
  abcIndicator: nullableString,
  grBasedInvoiceVerification: z.boolean(),
  evaluatedReceiptSettlement: z.boolean(),
  acknowledgmentRequired: z.boolean(),
  plannedDeliveryDays: z.number().nullable(),
  createdOn: isoDateSchema.nullable(),
  createdBy: nullableString,
  changeType: changeTypeSchema,
  extensions: extensionsSchema.optional(),
});

/** The canonical vendor (`CanonicalRecord<CanonicalVendor>['data']`) as a zod schema. */
export const vendorDataSchema = z.strictObject({
  vendorNumber: accountNumberSchema,
  vendorNumberAsSent: presentString,
  accountGroup: nullableString,
  title: nullableString,
  names: partyNamesSchema,
  searchTerm: nullableString,
  address: partyAddressSchema,
  communication: partyCommunicationSchema,
  language: languageCodeSchema.nullable(),
  tax: partyTaxSchema,
  industry: nullableString,
  customerNumber: accountNumberSchema.nullable(),
  url: nullableString,
  createdOn: isoDateSchema.nullable(),
  createdBy: nullableString,
  blocks: z.strictObject({
    postingBlock: z.boolean(),
    purchasingBlock: z.boolean(),
    blockReason: nullableString,
    businessPurposeCompleted: z.boolean(),
  }),
  markedForDeletion: z.boolean(),
  deletionBlocked: z.boolean(),
  companyCodes: z.array(companyCodeSchema),
  purchasingOrganizations: z.array(purchasingOrganizationSchema),
  bankDetails: z.array(partyBankDetailSchema),
  contactPersons: z.array(partyContactPersonSchema),
  texts: z.array(masterDataTextSchema),
  extensions: extensionsSchema,
});

/** Compile-time check: the schema's type and CanonicalVendor are the same (fails to compile otherwise). */
const _schemaMatchesType: SameType<z.infer<typeof vendorDataSchema>, CanonicalVendor> = true;
