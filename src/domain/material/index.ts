export type {
  CanonicalMaterial,
  MaterialDimensions,
  MaterialEan,
  MaterialStatus,
  MaterialDescription,
  MaterialLongText,
  MaterialUnitOfMeasure,
  MaterialUnitEan,
  MaterialPlant,
  MaterialStorageLocation,
  MaterialSalesArea,
  MaterialTaxClassification,
  MaterialValuation,
  MaterialRetail,
  ArticleCharacteristicValue,
  ArticleVariant,
} from './types';
export { transformMaterialIdoc } from './transform';
export { isMaterialIdoc } from './detect';
export { MaterialSegment } from './segments';
