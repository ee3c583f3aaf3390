import { z } from 'zod';
import {
  extensionsSchema,
  isoDateSchema,
  isoDateTimeSchema,
  languageCodeSchema,
  measureSchema,
} from '../orders/canonical-schema';
import type { CanonicalDelivery } from './types';

const text = z.string().min(1);

const deliveryTextSchema = z.strictObject({
  textId: text.nullable(),
  language: languageCodeSchema.nullable(),
  text: z.string(),
});

const deliveryItemSchema = z.strictObject({
  itemNumber: text,
  parentItem: text.nullable(),
  hierarchyUse: text.nullable(),
  materialNumber: text.nullable(),
  materialNumberAsSent: text.nullable(),
  longMaterialNumberAsSent: text.nullable(),
  externalMaterialNumberAsSent: text.nullable(),
  description: text.nullable(),
  customerMaterial: text.nullable(),
  materialGroup: text.nullable(),
  plant: text.nullable(),
  storageLocation: text.nullable(),
  batch: text.nullable(),
  deliveryQuantity: measureSchema.nullable(),
  baseQuantity: measureSchema.nullable(),
  netWeight: measureSchema.nullable(),
  grossWeight: measureSchema.nullable(),
  volume: measureSchema.nullable(),
  expiryDate: isoDateSchema.nullable(),
  precedingDocument: z.strictObject({ documentNumber: text, itemNumber: text.nullable() }).nullable(),
  references: z.array(
    z.strictObject({
      qualifier: text,
      documentNumber: text.nullable(),
      itemNumber: text.nullable(),
      date: isoDateSchema.nullable(),
    }),
  ),
  texts: z.array(deliveryTextSchema),
  extensions: extensionsSchema.optional(),
});

/** The canonical `data` of a delivery record. */
export const deliveryDataSchema = z.strictObject({
  deliveryNumber: text,
  deliveryNumberAsSent: text,
  shippingPoint: text.nullable(),
  salesOrganization: text.nullable(),
  loadingPoint: text.nullable(),
  salesOffice: text.nullable(),
  warehouseNumber: text.nullable(),
  unloadingPoint: text.nullable(),
  incoterms: text.nullable(),
  incotermsLocation: text.nullable(),
  route: text.nullable(),
  shippingConditions: text.nullable(),
  grossWeight: measureSchema.nullable(),
  netWeight: measureSchema.nullable(),
  volume: measureSchema.nullable(),
  packageCount: z.number().nullable(),
  billOfLading: text.nullable(),
  meansOfTransportType: text.nullable(),
  meansOfTransportId: text.nullable(),
  externalId: text.nullable(),
  proofOfDeliveryAt: isoDateTimeSchema.nullable(),
  deliveryType: text.nullable(),
  deliveryPriority: text.nullable(),
  deliveryBlock: text.nullable(),
  descriptions: z.record(z.string(), text),
  controlCodes: z.array(text),
  partners: z.array(
    z.strictObject({
      role: text,
      partnerNumber: text.nullable(),
      addressType: text.nullable(),
      name: text.nullable(),
      additionalNames: z.array(text),
      street: text.nullable(),
      postalCode: text.nullable(),
      city: text.nullable(),
      district: text.nullable(),
      region: text.nullable(),
      country: text.nullable(),
      language: languageCodeSchema.nullable(),
      phone: text.nullable(),
      fax: text.nullable(),
      email: text.nullable(),
      extensions: extensionsSchema.optional(),
    }),
  ),
  deadlines: z.record(
    z.string(),
    z.strictObject({
      plannedStart: isoDateTimeSchema.nullable(),
      plannedEnd: isoDateTimeSchema.nullable(),
      actualStart: isoDateTimeSchema.nullable(),
      actualEnd: isoDateTimeSchema.nullable(),
      startTimeZone: text.nullable(),
      endTimeZone: text.nullable(),
    }),
  ),
  texts: z.array(deliveryTextSchema),
  items: z.array(deliveryItemSchema),
  extensions: extensionsSchema,
});

/* Compile-time check: what the schema accepts is exactly CanonicalDelivery (both directions). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type _DeliverySchemaMatches = Assert<Same<z.infer<typeof deliveryDataSchema>, CanonicalDelivery>>;
