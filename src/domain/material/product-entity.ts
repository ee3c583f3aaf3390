import { ODataEntityReader } from '../business-partner/odata-entity';
import { languageCode, languageIdentity, measure, sapDecimal, sapUnit } from '../fields';
import type { Extensions } from '../idoc/extensions';
import { canonicalMaterialNumber } from '../keys';
import type { ODataRecordSource } from '../record';
import type {
  CanonicalMaterial,
  MaterialDescription,
  MaterialPlant,
  MaterialSalesArea,
  MaterialStatus,
  MaterialStorageLocation,
  MaterialTaxClassification,
  MaterialUnitOfMeasure,
  MaterialValuation,
} from './types';

/*
 * A product as API_PRODUCT_SRV (S/4HANA) returns it, `A_Product` with its expansions, read into the same
 * canonical material a MATMAS IDoc gives. The API's property names map to the IDoc's fields (ProductType is
 * MTART, ProductGroup MATKL, ...). Navigation properties that were not expanded read as empty lists.
 */

/** The navigation properties `synchub load material` expands, in the order of the `$expand` option. */
export const PRODUCT_EXPANSIONS = [
  'to_Description',
  'to_Plant',
  'to_Plant/to_StorageLocation',
  'to_SalesDelivery',
  'to_ProductUnitsOfMeasure',
  'to_ProductSalesTax',
  'to_Valuation',
] as const;

/** Custom fields (YY1_, ZZ1_, ...) as extension fields, as text like an IDoc's; empty ones left out. */
function extensionsOf(product: ProductReader): Extensions {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(product.customFields())) {
    if (value !== null && value !== '') fields[name] = String(value);
  }
  return { fields, segments: {} };
}

function odataDecimal(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : sapDecimal(String(raw));
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') return sapDecimal(JSON.stringify(raw));
  return sapDecimal(raw);
}

class ProductReader extends ODataEntityReader {
  decimal(property: string): number | null {
    return this.parse(property, odataDecimal);
  }

  unit(property: string): ReturnType<typeof sapUnit> {
    return sapUnit(this.text(property));
  }

  status(codeProperty: string, dateProperty: string): MaterialStatus | null {
    const code = this.text(codeProperty);
    const validFrom = this.date(dateProperty);
    return code === null && validFrom === null ? null : { code, validFrom };
  }

  /** The entities of an expanded navigation property, each with a reader labelled by `name`. */
  list(property: string, name: (entry: ODataEntityReader) => string): ProductReader[] {
    return (this.expanded(property) ?? []).map((entry) => {
      const reader = new ProductReader(entry, `${this.label} ${property}`);
      return new ProductReader(entry, `${this.label} ${property} ${name(reader)}`);
    });
  }
}

function readDescriptions(product: ProductReader): MaterialDescription[] {
  const byLanguage = new Map<string, MaterialDescription>();
  for (const entry of product.list('to_Description', (e) => `'${String(e.raw('Language'))}'`)) {
    const language = languageCode(null, entry.required('Language'));
    if (language === null) continue;
    byLanguage.set(languageIdentity(language), {
      language,
      text: entry.text('ProductDescription'),
      changeType: 'upsert',
    });
  }
  return [...byLanguage.values()];
}

function readStorageLocations(plant: ProductReader): MaterialStorageLocation[] {
  return plant
    .list('to_StorageLocation', (e) => `'${String(e.raw('StorageLocation'))}'`)
    .map((entry) => ({
      storageLocation: entry.required('StorageLocation'),
      markedForDeletion: entry.flag('IsMarkedForDeletion'),
      storageBin: entry.text('WarehouseStorageBin'),
      changeType: 'upsert',
    }));
}

function readPlants(product: ProductReader): MaterialPlant[] {
  return product
    .list('to_Plant', (e) => `'${String(e.raw('Plant'))}'`)
    .map((plant) => ({
      plant: plant.required('Plant'),
      markedForDeletion: plant.flag('IsMarkedForDeletion'),
      maintenanceStatus: plant.text('MaintenanceStatusName'),
      status: plant.status('ProfileCode', 'ProfileValidityStartDate'),
      abcIndicator: plant.text('ABCIndicator'),
      purchasingGroup: plant.text('PurchasingGroup'),
      issueUnit: plant.unit('GoodsIssueUnit'),
      mrpType: plant.text('MRPType'),
      mrpController: plant.text('MRPResponsible'),
      lotSizingProcedure: null,
      procurementType: plant.text('ProcurementType'),
      specialProcurementType: null,
      plannedDeliveryDays: null,
      goodsReceiptProcessingDays: plant.decimal('GoodsReceiptDuration'),
      reorderPoint: null,
      safetyStock: null,
      availabilityCheck: plant.text('AvailabilityCheckType'),
      profitCenter: plant.text('ProfitCenter'),
      batchManaged: plant.flag('IsBatchManagementRequired'),
      countryOfOrigin: plant.text('CountryOfOrigin'),
      commodityCode: plant.text('Commodity'),
      storageLocations: readStorageLocations(plant),
      changeType: 'upsert',
    }));
}

function readSalesAreas(product: ProductReader): MaterialSalesArea[] {
  const name = (e: ODataEntityReader) =>
    `'${String(e.raw('ProductSalesOrg'))}/${String(e.raw('ProductDistributionChnl'))}'`;
  return product.list('to_SalesDelivery', name).map((area) => ({
    salesOrganization: area.required('ProductSalesOrg'),
    distributionChannel: area.required('ProductDistributionChnl'),
    markedForDeletion: area.flag('IsMarkedForDeletion'),
    status: area.status('ProductSalesStatus', 'ProductSalesStatusValidityDate'),
    salesUnit: area.unit('SalesMeasureUnit'),
    minimumOrderQuantity: area.decimal('MinimumOrderQuantity'),
    minimumDeliveryQuantity: area.decimal('DeliveryNoteProcMinDelivQty'),
    deliveryUnit: measure(area.decimal('DeliveryQuantity'), area.unit('DeliveryQuantityUnit')),
    itemCategoryGroup: area.text('ItemCategoryGroup'),
    deliveringPlant: area.text('SupplyingPlant'),
    productHierarchy: area.text('ProductHierarchy'),
    materialPricingGroup: area.text('PriceSpecificationProductGroup'),
    accountAssignmentGroup: area.text('AccountDetnProductGroup'),
    changeType: 'upsert',
  }));
}

function readUnitsOfMeasure(product: ProductReader): MaterialUnitOfMeasure[] {
  return product
    .list('to_ProductUnitsOfMeasure', (e) => `'${String(e.raw('AlternativeUnit'))}'`)
    .map((uom) => {
      const gtin = uom.text('GlobalTradeItemNumber');
      const length = uom.decimal('UnitSpecificProductLength');
      const width = uom.decimal('UnitSpecificProductWidth');
      const height = uom.decimal('UnitSpecificProductHeight');
      const dimensionUnit = uom.unit('ProductMeasurementUnit');
      const noDimensions = [length, width, height].every((value) => value === null || value === 0);
      return {
        unit: sapUnit(uom.required('AlternativeUnit'))!,
        numerator: uom.decimal('QuantityNumerator'),
        denominator: uom.decimal('QuantityDenominator'),
        ean: gtin === null ? null : { code: gtin, category: uom.text('GlobalTradeItemNumberCategory') },
        additionalEans: [],
        dimensions:
          noDimensions && dimensionUnit === null ? null : { length, width, height, unit: dimensionUnit },
        volume: measure(uom.decimal('MaterialVolume'), uom.unit('VolumeUnit')),
        grossWeight: measure(uom.decimal('GrossWeight'), uom.unit('WeightUnit')),
        lowerLevelUnit: uom.unit('LowerLevelPackagingUnit'),
        changeType: 'upsert',
      };
    });
}

function readTaxClassifications(product: ProductReader): MaterialTaxClassification[] {
  const byCountry = new Map<string, MaterialTaxClassification>();
  const name = (e: ODataEntityReader) => `'${String(e.raw('Country'))}/${String(e.raw('TaxCategory'))}'`;
  for (const tax of product.list('to_ProductSalesTax', name)) {
    const country = tax.required('Country');
    const entry = byCountry.get(country) ?? {
      country,
      taxes: [],
      purchasingTaxIndicator: null,
      changeType: 'upsert',
    };
    entry.taxes.push({ taxCategory: tax.text('TaxCategory'), classification: tax.text('TaxClassification') });
    byCountry.set(country, entry);
  }
  return [...byCountry.values()];
}

function readValuations(product: ProductReader): MaterialValuation[] {
  const name = (e: ODataEntityReader) => `'${String(e.raw('ValuationArea'))}'`;
  return product.list('to_Valuation', name).map((valuation) => ({
    valuationArea: valuation.required('ValuationArea'),
    valuationType: valuation.text('ValuationType'),
    markedForDeletion: valuation.flag('IsMarkedForDeletion'),
    priceControl: valuation.text('InventoryValuationProcedure'),
    standardPrice: valuation.decimal('StandardPrice'),
    movingAveragePrice: valuation.decimal('MovingAveragePrice'),
    priceUnit: valuation.decimal('PriceUnitQty'),
    valuationClass: valuation.text('ValuationClass'),
    changeType: 'upsert',
  }));
}

/** The ETag of an entity as read (`__metadata.etag`, e.g. W/"datetimeoffset'2020-03-01T14%3A38%3A39Z'"). */
function etagOf(entity: Record<string, unknown>): string | undefined {
  const metadata = entity.__metadata;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const etag = (metadata as Record<string, unknown>).etag;
  return typeof etag === 'string' && etag !== '' ? etag : undefined;
}

/** Record source of an entity read from API_PRODUCT_SRV. */
export function productRecordSource(entity: Record<string, unknown>): ODataRecordSource {
  const etag = etagOf(entity);
  return {
    format: 'odata',
    service: 'API_PRODUCT_SRV',
    entitySet: 'A_Product',
    ...(etag === undefined ? {} : { etag }),
  };
}

/**
 * One `A_Product` entity (OData V2 JSON, as in `d.results[i]`) to the canonical material. Throws
 * SapDocumentError MISSING_FIELD (no Product) and INVALID_VALUE (a value of the wrong form), naming the
 * entity and the property.
 */
export function readProductEntity(entity: Record<string, unknown>): CanonicalMaterial {
  const unnamed = new ProductReader(entity, 'OData A_Product');
  const asSent = unnamed.required('Product');
  const product = new ProductReader(entity, `OData A_Product('${asSent}')`);
  const materialNumber = product.parse('Product', () => canonicalMaterialNumber(asSent));
  const long = asSent.length > 18;
  const standardId = product.text('ProductStandardID');
  return {
    materialNumber,
    materialNumberAsSent: long ? null : asSent,
    longMaterialNumberAsSent: long ? asSent : null,
    materialType: product.text('ProductType'),
    industrySector: product.text('IndustrySector'),
    materialGroup: product.text('ProductGroup'),
    oldMaterialNumber: product.text('ProductOldID'),
    division: product.text('Division'),
    productHierarchy: product.text('ProductHierarchy'),
    baseUnit: product.unit('BaseUnit'),
    purchaseOrderUnit: product.unit('PurchaseOrderQuantityUnit'),
    grossWeight: measure(product.decimal('GrossWeight'), product.unit('WeightUnit')),
    netWeight: measure(product.decimal('NetWeight'), product.unit('WeightUnit')),
    volume: measure(product.decimal('MaterialVolume'), product.unit('VolumeUnit')),
    dimensions: null,
    ean:
      standardId === null
        ? null
        : { code: standardId, category: product.text('InternationalArticleNumberCat') },
    crossPlantStatus: product.status('CrossPlantStatus', 'CrossPlantStatusValidityDate'),
    crossDistributionChainStatus: null,
    batchManaged: product.flag('IsBatchManagementRequired'),
    configurable: product.flag('ProductIsConfigurable'),
    markedForDeletion: product.flag('IsMarkedForDeletion'),
    maintenanceStatus: null,
    createdOn: product.date('CreationDate'),
    createdBy: product.text('CreatedByUser'),
    lastChangedOn: product.date('LastChangeDate'),
    lastChangedBy: product.text('LastChangedByUser'),
    descriptions: readDescriptions(product),
    longTexts: [],
    unitsOfMeasure: readUnitsOfMeasure(product),
    plants: readPlants(product),
    salesAreas: readSalesAreas(product),
    taxClassifications: readTaxClassifications(product),
    valuations: readValuations(product),
    extensions: extensionsOf(product),
  };
}
