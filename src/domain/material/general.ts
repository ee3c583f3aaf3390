import { canonicalMaterialNumber } from '../keys';
import type { SegmentReader } from '../idoc/segment-reader';
import { dimensionsOf, eanOf, measureOf, statusOf } from './common';
import type { CanonicalMaterial } from './types';

export interface MaterialNumber {
  materialNumber: string;
  materialNumberAsSent: string | null;
  longMaterialNumberAsSent: string | null;
}

/** The material key from E1MARAM: MATNR_LONG when sent (S/4 long form), else MATNR, made canonical. */
export function readMaterialNumber(general: SegmentReader): MaterialNumber {
  const asSent = general.text('MATNR');
  const longAsSent = general.text('MATNR_LONG');
  if (asSent === null && longAsSent === null) general.required('MATNR');
  const field = longAsSent !== null ? 'MATNR_LONG' : 'MATNR';
  const materialNumber = general.parse(field, (raw) => canonicalMaterialNumber(raw ?? ''));
  return { materialNumber, materialNumberAsSent: asSent, longMaterialNumberAsSent: longAsSent };
}

type GeneralData = Omit<
  CanonicalMaterial,
  | keyof MaterialNumber
  | 'descriptions'
  | 'longTexts'
  | 'unitsOfMeasure'
  | 'plants'
  | 'salesAreas'
  | 'taxClassifications'
  | 'valuations'
  | 'extensions'
>;

/** Client-level fields of E1MARAM. */
export function readGeneralData(general: SegmentReader): GeneralData {
  return {
    materialType: general.text('MTART'),
    industrySector: general.text('MBRSH'),
    materialGroup: general.text('MATKL'),
    oldMaterialNumber: general.text('BISMT'),
    division: general.text('SPART'),
    productHierarchy: general.text('PRDHA'),
    baseUnit: general.unit('MEINS'),
    purchaseOrderUnit: general.unit('BSTME'),
    grossWeight: measureOf(general, 'BRGEW', 'GEWEI'),
    netWeight: measureOf(general, 'NTGEW', 'GEWEI'),
    volume: measureOf(general, 'VOLUM', 'VOLEH'),
    dimensions: dimensionsOf(general),
    ean: eanOf(general, 'EAN11', 'NUMTP'),
    crossPlantStatus: statusOf(general, 'MSTAE', 'MSTDE'),
    crossDistributionChainStatus: statusOf(general, 'MSTAV', 'MSTDV'),
    batchManaged: general.flag('XCHPF'),
    configurable: general.flag('KZKFG'),
    markedForDeletion: general.flag('LVORM'),
    maintenanceStatus: general.text('PSTAT'),
    createdOn: general.date('ERSDA'),
    createdBy: general.text('ERNAM'),
    lastChangedOn: general.date('LAEDA'),
    lastChangedBy: general.text('AENAM'),
  };
}
