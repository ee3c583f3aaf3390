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
  languageCodeSchema,
  masterDataTextSchema,
  nullableString,
  presentString,
  type SameType,
} from '../schema-parts';
import type { CanonicalCustomer } from './types';

const salesBlocks = {
  orderBlock: nullableString,
  deliveryBlock: nullableString,
  billingBlock: nullableString,
  salesSupportBlock: nullableString,
};

const partnerFunctionSchema = z.strictObject({
  partnerFunction: presentString,
  partnerNumber: accountNumberSchema.nullable(),
  partnerCounter: nullableString,
  defaultPartner: z.boolean(),
  description: nullableString,
  changeType: changeTypeSchema,
  extensions: extensionsSchema.optional(),
});

const salesAreaSchema = z.strictObject({
  salesOrganization: presentString,
  distributionChannel: presentString,
  division: presentString,
  markedForDeletion: z.boolean(),
  blocks: z.strictObject(salesBlocks),
  customerGroup: nullableString,
  salesDistrict: nullableString,
  salesOffice: nullableString,
  salesGroup: nullableString,
  currency: nullableString,
  paymentTerms: nullableString,
  incoterms: incotermsSchema.nullable(),
  priceGroup: nullableString,
  priceListType: nullableString,
  pricingProcedure: nullableString,
  shippingConditions: nullableString,
  deliveringPlant: nullableString,
  deliveryPriority: nullableString,
  accountAssignmentGroup: nullableString,
  partnerFunctions: z.array(partnerFunctionSchema),
  changeType: changeTypeSchema,
  extensions: extensionsSchema.optional(),
});

/** The canonical customer (`CanonicalRecord<CanonicalCustomer>['data']`) as a zod schema. */
export const customerDataSchema = z.strictObject({
  customerNumber: accountNumberSchema,
  customerNumberAsSent: presentString,
  accountGroup: nullableString,
  title: nullableString,
  names: partyNamesSchema,
  searchTerm: nullableString,
  address: partyAddressSchema,
  communication: partyCommunicationSchema,
  language: languageCodeSchema.nullable(),
  tax: partyTaxSchema,
  industry: nullableString,
  customerClassification: nullableString,
  vendorNumber: accountNumberSchema.nullable(),
  url: nullableString,
  blocks: z.strictObject({
    ...salesBlocks,
    postingBlock: z.boolean(),
    businessPurposeCompleted: z.boolean(),
  }),
  markedForDeletion: z.boolean(),
  deletionBlocked: z.boolean(),
  salesAreas: z.array(salesAreaSchema),
  companyCodes: z.array(z.strictObject(partyCompanyCodeShape)),
  bankDetails: z.array(partyBankDetailSchema),
  contactPersons: z.array(partyContactPersonSchema),
  texts: z.array(masterDataTextSchema),
  extensions: extensionsSchema,
});

/** Compile-time check: the schema's type and CanonicalCustomer are the same (fails to compile otherwise). */
const _schemaMatchesType: SameType<z.infer<typeof customerDataSchema>, CanonicalCustomer> = true;
