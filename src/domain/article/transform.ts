import type { ChangeType } from '../entity';
import { idocVersion } from '../idoc/control';
import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import { parseSingleIdoc, type ParsedIdoc } from '../idoc/parsed-idoc';
import type { SegmentReader } from '../idoc/segment-reader';
import { unsupportedIdocType } from '../idoc/unsupported';
import type { CanonicalMaterial } from '../material/types';
import { idocRecordSource, type CanonicalRecord } from '../record';
import { articleSegments, readersOf } from './article-segments';
import { readArticleGeneralData } from './client-data';
import { ARTICLE_IDOC_LABEL, isArticleIdoc } from './detect';
import { readArticlePlants } from './plants';
import { readRetail } from './retail';
import { readArticleSalesAreas } from './sales-areas';
import { ArticleSegment } from './segments';
import { readArticleDescriptions } from './texts';
import { readArticleUnits } from './units-of-measure';

/** Standard segments mapped to the record (their 'X' twins and the others only give up extension fields). */
const MAPPED = new Set<string>(Object.values(ArticleSegment));

/** FUNCTION of the header, else of the article's client data: 003 deletes the article. */
function articleChangeType(header: SegmentReader, client: SegmentReader | undefined): ChangeType {
  return changeTypeFromMsgfn(header.raw('FUNCTION') ?? client?.raw('FUNCTION'));
}

/** Just the routing facts of an article IDoc: the canonical key and whether it deletes the article. */
export function describeArticle(idoc: ParsedIdoc): { entityKey: string; changeType: ChangeType } {
  const sorted = articleSegments(idoc);
  const client = readersOf(sorted.own, ArticleSegment.clientData, sorted.docnum)[0];
  return { entityKey: sorted.article.materialNumber, changeType: articleChangeType(sorted.header, client) };
}

/**
 * A parsed article IDoc (ARTMAS) to a `material` record: the header's article is the material (same key
 * rules as MATMAS, so both meet in one entity), its own segments fill the MATMAS fields, and the retail parts
 * (category, generic article, characteristic values, variants) go to `retail`.
 */
export function transformArticle(idoc: ParsedIdoc): CanonicalRecord<CanonicalMaterial> {
  const sorted = articleSegments(idoc);
  const { header, article, own, docnum } = sorted;
  const of = (name: string) => readersOf(own, name, docnum);
  const client = of(ArticleSegment.clientData)[0];
  const data: CanonicalMaterial = {
    materialNumber: article.materialNumber,
    materialNumberAsSent: article.long ? header.text('MATERIAL') : article.asSent,
    longMaterialNumberAsSent: article.long ? article.asSent : null,
    ...readArticleGeneralData(header, client),
    descriptions: readArticleDescriptions(of(ArticleSegment.description)),
    longTexts: [],
    unitsOfMeasure: readArticleUnits(of(ArticleSegment.unitOfMeasure), of(ArticleSegment.ean)),
    plants: readArticlePlants(of(ArticleSegment.plant), of(ArticleSegment.storageLocation)),
    salesAreas: readArticleSalesAreas(of(ArticleSegment.salesArea)),
    taxClassifications: [],
    valuations: [],
    extensions: collectExtensions(client?.segment ?? null, MAPPED, {
      siblings: idoc.segments.filter((segment) => segment.name !== ArticleSegment.header),
      siblingParent: 'IDOC',
    }),
    retail: readRetail(sorted, client),
  };
  const changeType = articleChangeType(header, client);
  return {
    entityType: 'material',
    entityKey: article.materialNumber,
    version: idocVersion(idoc.control),
    changeType,
    deleted: changeType === 'delete' || data.markedForDeletion,
    source: idocRecordSource(idoc.control),
    data,
  };
}

/**
 * Transforms ONE article IDoc XML document to its `material` record. Throws SapDocumentError
 * (UNSUPPORTED_IDOC_TYPE for other IDoc types, MISSING_SEGMENT without E1BPE1MATHEAD, MISSING_FIELD,
 * INVALID_VALUE, ...).
 */
export function transformArticleIdoc(xml: string): CanonicalRecord<CanonicalMaterial> {
  const idoc = parseSingleIdoc(xml);
  if (!isArticleIdoc(idoc.control)) throw unsupportedIdocType(idoc.control, ARTICLE_IDOC_LABEL);
  return transformArticle(idoc);
}
