import { z } from 'zod';
import {
  changeTypeSchema,
  documentPartnerContactShape,
  documentTextSchema,
  extensionsSchema,
  isoDateSchema,
  isoTimeSchema,
  measureSchema,
  presentString as text,
  type SameType,
  unitCodeSchema,
} from '../schema-parts';
import type { CanonicalPurchaseOrder, CanonicalSalesOrder } from './types';

const orderDateSchema = z.strictObject({ date: isoDateSchema.nullable(), time: isoTimeSchema.nullable() });

const orderReferenceSchema = z.strictObject({
  documentNumber: text.nullable(),
  itemNumber: text.nullable(),
  date: isoDateSchema.nullable(),
  time: isoTimeSchema.nullable(),
});

const orderPartnerSchema = z.strictObject({
  role: text,
  partnerNumber: text.nullable(),
  vendorNumber: text.nullable(),
  name: text.nullable(),
  additionalNames: z.array(text),
  street: text.nullable(),
  houseNumber: text.nullable(),
  poBox: text.nullable(),
  ...documentPartnerContactShape,
  contactName: text.nullable(),
  reference: text.nullable(),
  locationNumber: text.nullable(),
  purchasingOrganization: text.nullable(),
  purchasingGroup: text.nullable(),
  extensions: extensionsSchema.optional(),
});

const orderItemSchema = z.strictObject({
  itemNumber: text,
  action: text.nullable(),
  changeType: changeTypeSchema,
  itemCategory: text.nullable(),
  materialNumber: text.nullable(),
  materialNumberAsSent: text.nullable(),
  longMaterialNumberAsSent: text.nullable(),
  externalMaterialNumberAsSent: text.nullable(),
  quantity: measureSchema.nullable(),
  priceUnitOfMeasure: unitCodeSchema.nullable(),
  netPrice: z.number().nullable(),
  priceUnit: z.number().nullable(),
  netValue: z.number().nullable(),
  grossPrice: z.number().nullable(),
  currency: text.nullable(),
  netWeight: measureSchema.nullable(),
  grossWeight: measureSchema.nullable(),
  materialGroup: text.nullable(),
  plant: text.nullable(),
  storageLocation: text.nullable(),
  rejectionReason: text.nullable(),
  objectIds: z.array(
    z.strictObject({
      qualifier: text,
      id: text.nullable(),
      longId: text.nullable(),
      materialNumber: text.nullable(),
      description: text.nullable(),
      manufacturerPartNumber: text.nullable(),
      manufacturerNumber: text.nullable(),
    }),
  ),
  scheduleLines: z.array(
    z.strictObject({
      quantity: z.number().nullable(),
      previousQuantity: z.number().nullable(),
      date: isoDateSchema.nullable(),
      time: isoTimeSchema.nullable(),
    }),
  ),
  conditions: z.array(
    z.strictObject({
      conditionType: text.nullable(),
      description: text.nullable(),
      surchargeOrDiscount: text.nullable(),
      amount: z.number().nullable(),
      percentage: z.number().nullable(),
      rate: z.number().nullable(),
      priceUnit: z.number().nullable(),
      unit: unitCodeSchema.nullable(),
      endAmount: z.number().nullable(),
      taxCode: text.nullable(),
      taxRate: z.number().nullable(),
      currency: text.nullable(),
    }),
  ),
  amounts: z.record(z.string(), z.number().nullable()),
  dates: z.record(z.string(), orderDateSchema),
  references: z.record(z.string(), orderReferenceSchema),
  partners: z.array(orderPartnerSchema),
  texts: z.array(documentTextSchema),
  extensions: extensionsSchema.optional(),
});

const orderDocumentShape = {
  documentNumberAsSent: text,
  action: text.nullable(),
  documentType: text.nullable(),
  currency: text.nullable(),
  localCurrency: text.nullable(),
  exchangeRate: z.number().nullable(),
  paymentTermsKey: text.nullable(),
  recipientNumber: text.nullable(),
  orderReason: text.nullable(),
  shippingConditions: text.nullable(),
  deliveryBlock: text.nullable(),
  netWeight: measureSchema.nullable(),
  grossWeight: measureSchema.nullable(),
  organization: z.record(z.string(), text),
  dates: z.record(z.string(), orderDateSchema),
  references: z.record(z.string(), orderReferenceSchema),
  partners: z.array(orderPartnerSchema),
  deliveryTerms: z.array(
    z.strictObject({ qualifier: text, code: text.nullable(), description: text.nullable() }),
  ),
  paymentTerms: z.array(
    z.strictObject({
      qualifier: text,
      days: z.number().nullable(),
      percentage: z.number().nullable(),
      description: text.nullable(),
    }),
  ),
  texts: z.array(documentTextSchema),
  items: z.array(orderItemSchema),
  summary: z.record(z.string(), z.strictObject({ value: z.number().nullable(), unit: text.nullable() })),
  extensions: extensionsSchema,
};

/** The canonical `data` of a purchaseOrder record. */
export const purchaseOrderDataSchema = z.strictObject({
  purchaseOrderNumber: text,
  ...orderDocumentShape,
});

/** The canonical `data` of a salesOrder record. */
export const salesOrderDataSchema = z.strictObject({
  salesOrderNumber: text,
  customerPurchaseOrderNumber: text.nullable(),
  ...orderDocumentShape,
});

/* Compile-time checks: what the schemas accept is exactly the canonical interfaces (both directions). */
const _purchaseOrderSchemaMatches: SameType<
  z.infer<typeof purchaseOrderDataSchema>,
  CanonicalPurchaseOrder
> = true;
const _salesOrderSchemaMatches: SameType<z.infer<typeof salesOrderDataSchema>, CanonicalSalesOrder> = true;
