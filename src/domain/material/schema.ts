import { z } from 'zod';
import {
  changeTypeSchema as changeType,
  extensionsSchema,
  isoDateSchema,
  languageCodeSchema,
  masterDataTextSchema,
  measureSchema,
  nullableString as text,
  type SameType,
  unitCodeSchema as unitCode,
} from '../schema-parts';
import type { CanonicalMaterial } from './types';

export { extensionSegmentSchema, extensionsSchema } from '../schema-parts';

/*
 * Runtime schema of CanonicalMaterial (the `data` of a material record), member for member as in types.ts;
 * the building blocks all entities share are in ../schema-parts.ts. Objects are strict (undeclared members
 * are errors); absent values must be null, never undefined, except the members types.ts declares optional
 * (`extensions?` of entries). The check at the end fails the build when the schema and the type drift apart,
 * in either direction.
 */

/** ISO date as the field parsers write it ('9999-12-31' = open-ended). */
const isoDate = isoDateSchema.nullable();
const measure = measureSchema.nullable();
const dimensions = z
  .strictObject({
    length: z.number().nullable(),
    width: z.number().nullable(),
    height: z.number().nullable(),
    unit: unitCode.nullable(),
  })
  .nullable();
const ean = z.strictObject({ code: z.string().min(1), category: text }).nullable();
const status = z.strictObject({ code: text, validFrom: isoDate }).nullable();

const entryExtensions = extensionsSchema.optional();

const storageLocation = z.strictObject({
  storageLocation: z.string().min(1),
  markedForDeletion: z.boolean(),
  storageBin: text,
  changeType,
  extensions: entryExtensions,
});

const plant = z.strictObject({
  plant: z.string().min(1),
  markedForDeletion: z.boolean(),
  maintenanceStatus: text,
  status,
  abcIndicator: text,
  purchasingGroup: text,
  issueUnit: unitCode.nullable(),
  mrpType: text,
  mrpController: text,
  lotSizingProcedure: text,
  procurementType: text,
  specialProcurementType: text,
  plannedDeliveryDays: z.number().nullable(),
  goodsReceiptProcessingDays: z.number().nullable(),
  reorderPoint: z.number().nullable(),
  safetyStock: z.number().nullable(),
  availabilityCheck: text,
  profitCenter: text,
  batchManaged: z.boolean(),
  countryOfOrigin: text,
  commodityCode: text,
  storageLocations: z.array(storageLocation),
  changeType,
  extensions: entryExtensions,
});

const unitEan = z.strictObject({
  sequence: text,
  code: z.string().min(1),
  category: text,
  main: z.boolean(),
  changeType,
});

const unitOfMeasure = z.strictObject({
  unit: unitCode,
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  ean,
  additionalEans: z.array(unitEan),
  dimensions,
  volume: measure,
  grossWeight: measure,
  lowerLevelUnit: unitCode.nullable(),
  changeType,
  extensions: entryExtensions,
});

const salesArea = z.strictObject({
  salesOrganization: z.string().min(1),
  distributionChannel: z.string().min(1),
  markedForDeletion: z.boolean(),
  status,
  salesUnit: unitCode.nullable(),
  minimumOrderQuantity: z.number().nullable(),
  minimumDeliveryQuantity: z.number().nullable(),
  deliveryUnit: measure,
  itemCategoryGroup: text,
  deliveringPlant: text,
  productHierarchy: text,
  materialPricingGroup: text,
  accountAssignmentGroup: text,
  changeType,
  extensions: entryExtensions,
});

const taxClassification = z.strictObject({
  country: z.string().min(1),
  taxes: z.array(z.strictObject({ taxCategory: text, classification: text })),
  purchasingTaxIndicator: text,
  changeType,
  extensions: entryExtensions,
});

const valuation = z.strictObject({
  valuationArea: z.string().min(1),
  valuationType: text,
  markedForDeletion: z.boolean(),
  priceControl: text,
  standardPrice: z.number().nullable(),
  movingAveragePrice: z.number().nullable(),
  priceUnit: z.number().nullable(),
  valuationClass: text,
  changeType,
  extensions: entryExtensions,
});

const characteristicValue = z.strictObject({
  characteristic: z.string().min(1),
  value: text,
  changeType,
});

const description = z.strictObject({ language: languageCodeSchema, text, changeType });

const retail = z.strictObject({
  articleCategory: text,
  articleType: text,
  merchandiseCategory: text,
  characteristicsProfile: text,
  referenceArticle: text,
  genericArticle: text,
  prepackGenericArticle: text,
  characteristicValues: z.array(characteristicValue),
  variants: z.array(
    z.strictObject({
      materialNumber: z.string().min(1).max(40),
      materialNumberAsSent: z.string().min(1),
      characteristicValues: z.array(characteristicValue),
      descriptions: z.array(description),
      markedForDeletion: z.boolean(),
      changeType,
    }),
  ),
});

export const materialDataSchema = z.strictObject({
  materialNumber: z.string().min(1).max(40),
  materialNumberAsSent: text,
  longMaterialNumberAsSent: text,
  materialType: text,
  industrySector: text,
  materialGroup: text,
  oldMaterialNumber: text,
  division: text,
  productHierarchy: text,
  baseUnit: unitCode.nullable(),
  purchaseOrderUnit: unitCode.nullable(),
  grossWeight: measure,
  netWeight: measure,
  volume: measure,
  dimensions,
  ean,
  crossPlantStatus: status,
  crossDistributionChainStatus: status,
  batchManaged: z.boolean(),
  configurable: z.boolean(),
  markedForDeletion: z.boolean(),
  maintenanceStatus: text,
  createdOn: isoDate,
  createdBy: text,
  lastChangedOn: isoDate,
  lastChangedBy: text,
  descriptions: z.array(description),
  longTexts: z.array(masterDataTextSchema),
  unitsOfMeasure: z.array(unitOfMeasure),
  plants: z.array(plant),
  salesAreas: z.array(salesArea),
  taxClassifications: z.array(taxClassification),
  valuations: z.array(valuation),
  extensions: extensionsSchema,
  /** Only on articles (ARTMAS). */
  retail: retail.optional(),
});

export type MaterialData = z.infer<typeof materialDataSchema>;

/** Compile-time check: the schema's type and CanonicalMaterial are the same (fails to compile otherwise). */
const _schemaMatchesType: SameType<MaterialData, CanonicalMaterial> = true;
