export { SapDocumentError, isSapDocumentError } from './errors';
export { ENTITY_TYPES, CHANGE_TYPES, isEntityType, type EntityType, type ChangeType } from './entity';
export { makeVersion, compareVersions, isVersion, idocVersionTimestamp } from './version';
export {
  alphaKey,
  canonicalMaterialNumber,
  MATERIAL_NUMBER_LENGTH,
  LONG_MATERIAL_NUMBER_LENGTH,
} from './keys';
export type { CanonicalRecord, RecordSource, IdocRecordSource, ODataRecordSource } from './record';
export * from './events';
export * from './business-partner';
export { type IdocControl, idocVersion, idocSourceId } from './idoc/control';
export { splitIdocDocument, type IdocEnvelope } from './idoc/split';
export { decodeSapName, encodeSapName } from './idoc/names';
export type { Extensions, ExtensionSegment } from './idoc/extensions';
export { canonicalKey } from './canonical-key';
export { describeIdoc, type ChangeRef } from './change';
export { transformIdoc } from './transform';
export { transformDocument, documentKind, parseCloudEvents, type DocumentKind } from './transform-document';
export { SCHEMA_VERSION, validateRecord, recordSchema, recordJsonSchema } from './schemas';
export * from './fields';
export * from './material';
export { transformArticleIdoc, isArticleIdoc, ARTICLE_IDOC_LABEL, ArticleSegment } from './article';
export * from './customer';
export * from './vendor';
export * from './orders';
export * from './delivery';
export * from './load';
export { readProductEntity, PRODUCT_EXPANSIONS } from './material/product-entity';
export * from './sap-system';
