import type { ChangeType } from '../entity';
import type { LanguageCode, Measure, UnitCode } from '../fields';
import type { Extensions } from '../idoc/extensions';

/*
 * The canonical material, designed from the MATMAS05 segments. Absent values are null (never undefined),
 * dates are ISO 'YYYY-MM-DD' ('9999-12-31' = open-ended), numbers are numbers, keys stay strings, unit
 * codes say which code list they come from. Entries of repeating segments carry the segment's own
 * MSGFN as changeType ('delete' = this entry is removed from the material).
 */

/** Client-level material: E1MARAM with its child segments. */
export interface CanonicalMaterial {
  /** Canonical material number (= record entityKey): numeric padded to 18, long form per keys.ts. */
  materialNumber: string;
  /** MATNR as sent (trimmed); null if only the long form was sent. */
  materialNumberAsSent: string | null;
  /** MATNR_LONG as sent (S/4, 40 characters) when the long form is in use; else null. */
  longMaterialNumberAsSent: string | null;
  /** MTART, e.g. 'FERT', 'HAWA'. */
  materialType: string | null;
  /** MBRSH, e.g. 'M'. */
  industrySector: string | null;
  /** MATKL. */
  materialGroup: string | null;
  /** BISMT. */
  oldMaterialNumber: string | null;
  /** SPART. */
  division: string | null;
  /** PRDHA. */
  productHierarchy: string | null;
  /** MEINS (base unit of measure). */
  baseUnit: UnitCode | null;
  /** BSTME (purchase order unit). */
  purchaseOrderUnit: UnitCode | null;
  /** BRGEW in GEWEI. */
  grossWeight: Measure | null;
  /** NTGEW in GEWEI. */
  netWeight: Measure | null;
  /** VOLUM in VOLEH. */
  volume: Measure | null;
  /** LAENG/BREIT/HOEHE in MEABM; null when none is sent. */
  dimensions: MaterialDimensions | null;
  /** EAN11 / NUMTP. */
  ean: MaterialEan | null;
  /** MSTAE / MSTDE: cross-plant material status. */
  crossPlantStatus: MaterialStatus | null;
  /** MSTAV / MSTDV: cross-distribution-chain (sales) status. */
  crossDistributionChainStatus: MaterialStatus | null;
  /** XCHPF. */
  batchManaged: boolean;
  /** KZKFG. */
  configurable: boolean;
  /** LVORM at client level: the material is flagged for deletion (soft delete, record.deleted = true). */
  markedForDeletion: boolean;
  /** PSTAT (maintenance status: views maintained). */
  maintenanceStatus: string | null;
  /** ERSDA. */
  createdOn: string | null;
  /** ERNAM. */
  createdBy: string | null;
  /** LAEDA. */
  lastChangedOn: string | null;
  /** AENAM. */
  lastChangedBy: string | null;
  /** E1MAKTM, one per language (compared on the ISO code), document order. */
  descriptions: MaterialDescription[];
  /** E1MTXHM with E1MTXLM lines joined. */
  longTexts: MaterialLongText[];
  /** E1MARMM (with E1MEANM). */
  unitsOfMeasure: MaterialUnitOfMeasure[];
  /** E1MARCM (with E1MARDM). */
  plants: MaterialPlant[];
  /** E1MVKEM. */
  salesAreas: MaterialSalesArea[];
  /** E1MLANM. */
  taxClassifications: MaterialTaxClassification[];
  /** E1MBEWM. */
  valuations: MaterialValuation[];
  /** Customer/namespaced segments and fields at client level and anywhere not mapped below. */
  extensions: Extensions;
  /**
   * Retail article data (article master IDoc ARTMAS only; absent on a MATMAS material): the parts of an
   * article that have no MATMAS counterpart.
   */
  retail?: MaterialRetail;
}

/** The retail-specific parts of an article (E1BPE1MATHEAD, E1BPE1VARKEY, E1BPE1AUSPRT, E1BPE1MARART). */
export interface MaterialRetail {
  /**
   * MATL_CAT, the article category: '00' single article, '01' generic article, '02' variant, '10' sales set,
   * '11' prepack, '12' display (the last three are structured articles).
   */
  articleCategory: string | null;
  /** MATL_TYPE, the article type (also `materialType`). */
  articleType: string | null;
  /** MATL_GROUP, the merchandise category (also `materialGroup`). */
  merchandiseCategory: string | null;
  /** CHAR_PROF: characteristics profile of the merchandise category used for the variants. */
  characteristicsProfile: string | null;
  /** REF_MATL: reference article the article was created with, canonical like a material number. */
  referenceArticle: string | null;
  /** E1BPE1MARART CONF_MATL: the generic article a variant belongs to, canonical; null otherwise. */
  genericArticle: string | null;
  /** E1BPE1MARART PREPACK_GENERIC_MATL: generic article of a prepack's components, canonical. */
  prepackGenericArticle: string | null;
  /** E1BPE1AUSPRT of the article itself (e.g. a variant's colour and size), document order. */
  characteristicValues: ArticleCharacteristicValue[];
  /** The variants of a generic article: E1BPE1VARKEY, then any other article the segments are about. */
  variants: ArticleVariant[];
}

export interface ArticleCharacteristicValue {
  /** CHAR_NAME. */
  characteristic: string;
  /** CHAR_VALUE_LONG, else CHAR_VALUE (the value key, e.g. '1043'). */
  value: string | null;
  changeType: ChangeType;
}

export interface ArticleVariant {
  /** VARIANT_LONG, else VARIANT (or the MATERIAL of its segments), canonical like a material number. */
  materialNumber: string;
  /** The number as sent. */
  materialNumberAsSent: string;
  /** E1BPE1AUSPRT of the variant: the characteristic values that make it this variant. */
  characteristicValues: ArticleCharacteristicValue[];
  /** E1BPE1MAKTRT of the variant, one per language. */
  descriptions: MaterialDescription[];
  /** E1BPE1MARART DEL_FLAG of the variant. */
  markedForDeletion: boolean;
  /** FUNCTION of its E1BPE1VARKEY ('delete': the variant is removed from the generic article). */
  changeType: ChangeType;
}

export interface MaterialDimensions {
  length: number | null;
  width: number | null;
  height: number | null;
  unit: UnitCode | null;
}

export interface MaterialEan {
  /** EAN/GTIN as text (leading zeros are significant). */
  code: string;
  /** NUMTP / EANTP (EAN category). */
  category: string | null;
}

export interface MaterialStatus {
  /** Status code; null when only a valid-from date was sent. */
  code: string | null;
  /** Valid-from date. */
  validFrom: string | null;
}

export interface MaterialDescription {
  /** SPRAS_ISO (upper case) and SPRAS (case kept). */
  language: LanguageCode;
  /** MAKTX; null when not sent (e.g. a description deleted with MSGFN 003). */
  text: string | null;
  changeType: ChangeType;
}

export interface MaterialLongText {
  /** TDID, e.g. 'GRUN' (basic data text), 'BEST' (purchase order text). */
  textId: string | null;
  /** TDOBJECT, e.g. 'MATERIAL'. */
  textObject: string | null;
  /** TDSPRAS / SPRAS_ISO. */
  language: LanguageCode | null;
  /** Lines (TDLINE) joined by their format (TDFORMAT). */
  text: string;
  changeType: ChangeType;
}

export interface MaterialUnitOfMeasure {
  /** MEINH (alternative unit). */
  unit: UnitCode;
  /** UMREZ: numerator for conversion to the base unit (unit quantity = numerator/denominator base units). */
  numerator: number | null;
  /** UMREN: denominator. */
  denominator: number | null;
  /** EAN11 / NUMTP. */
  ean: MaterialEan | null;
  /** E1MEANM: all EANs of this unit. */
  additionalEans: MaterialUnitEan[];
  dimensions: MaterialDimensions | null;
  /** VOLUM in VOLEH. */
  volume: Measure | null;
  /** BRGEW in GEWEI. */
  grossWeight: Measure | null;
  /** MESUB: lower-level unit in a packing hierarchy. */
  lowerLevelUnit: UnitCode | null;
  changeType: ChangeType;
  extensions?: Extensions;
}

export interface MaterialUnitEan {
  /** LFNUM. */
  sequence: string | null;
  code: string;
  /** EANTP. */
  category: string | null;
  /** HPEAN: main EAN of the unit. */
  main: boolean;
  changeType: ChangeType;
}

export interface MaterialPlant {
  /** WERKS. */
  plant: string;
  /** LVORM at plant level: flagged for deletion in this plant only (does not delete the material). */
  markedForDeletion: boolean;
  /** PSTAT. */
  maintenanceStatus: string | null;
  /** MMSTA / MMSTD: plant-specific material status. */
  status: MaterialStatus | null;
  /** MAABC. */
  abcIndicator: string | null;
  /** EKGRP. */
  purchasingGroup: string | null;
  /** AUSME. */
  issueUnit: UnitCode | null;
  /** DISMM. */
  mrpType: string | null;
  /** DISPO. */
  mrpController: string | null;
  /** DISLS. */
  lotSizingProcedure: string | null;
  /** BESKZ: E in-house, F external, X both. */
  procurementType: string | null;
  /** SOBSL. */
  specialProcurementType: string | null;
  /** PLIFZ, days. */
  plannedDeliveryDays: number | null;
  /** WEBAZ, days. */
  goodsReceiptProcessingDays: number | null;
  /** MINBE, in the base unit. */
  reorderPoint: number | null;
  /** EISBE, in the base unit. */
  safetyStock: number | null;
  /** MTVFP. */
  availabilityCheck: string | null;
  /** PRCTR. */
  profitCenter: string | null;
  /** XCHPF. */
  batchManaged: boolean;
  /** HERKL. */
  countryOfOrigin: string | null;
  /** STAWN. */
  commodityCode: string | null;
  /** E1MARDM. */
  storageLocations: MaterialStorageLocation[];
  changeType: ChangeType;
  extensions?: Extensions;
}

export interface MaterialStorageLocation {
  /** LGORT. */
  storageLocation: string;
  /** LVORM at storage-location level. */
  markedForDeletion: boolean;
  /** LGPBE. */
  storageBin: string | null;
  changeType: ChangeType;
  extensions?: Extensions;
}

export interface MaterialSalesArea {
  /** VKORG. */
  salesOrganization: string;
  /** VTWEG. */
  distributionChannel: string;
  /** LVORM at sales-area level. */
  markedForDeletion: boolean;
  /** VMSTA / VMSTD. */
  status: MaterialStatus | null;
  /** VRKME. */
  salesUnit: UnitCode | null;
  /** AUMNG, in the base unit. */
  minimumOrderQuantity: number | null;
  /** LFMNG. */
  minimumDeliveryQuantity: number | null;
  /** SCMNG in SCHME. */
  deliveryUnit: Measure | null;
  /** MTPOS. */
  itemCategoryGroup: string | null;
  /** DWERK. */
  deliveringPlant: string | null;
  /** PRODH. */
  productHierarchy: string | null;
  /** KONDM. */
  materialPricingGroup: string | null;
  /** KTGRM. */
  accountAssignmentGroup: string | null;
  changeType: ChangeType;
  extensions?: Extensions;
}

export interface MaterialTaxClassification {
  /** ALAND (departure country). */
  country: string;
  /** TATY1..TATY9 with TAXM1..TAXM9, in order; pairs with neither value are left out. */
  taxes: Array<{ taxCategory: string | null; classification: string | null }>;
  /** TAXIM (tax indicator for purchasing). */
  purchasingTaxIndicator: string | null;
  changeType: ChangeType;
  extensions?: Extensions;
}

export interface MaterialValuation {
  /** BWKEY (valuation area, usually the plant). */
  valuationArea: string;
  /** BWTAR (valuation type for split valuation); null for the area itself. */
  valuationType: string | null;
  /** LVORM at valuation level. */
  markedForDeletion: boolean;
  /** VPRSV: 'S' standard price, 'V' moving average. */
  priceControl: string | null;
  /** STPRS. The segment has no currency field: it is the company code currency, not sent in the IDoc. */
  standardPrice: number | null;
  /** VERPR (moving average price), same currency remark. */
  movingAveragePrice: number | null;
  /** PEINH. */
  priceUnit: number | null;
  /** BKLAS. */
  valuationClass: string | null;
  changeType: ChangeType;
  extensions?: Extensions;
}
