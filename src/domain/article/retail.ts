import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import type { ArticleCharacteristicValue, ArticleVariant, MaterialRetail } from '../material/types';
import { readersOf, type ArticleSegments } from './article-segments';
import { articleNumberOf } from './fields';
import { ArticleSegment } from './segments';
import { readArticleDescriptions } from './texts';

/** E1BPE1AUSPRT: characteristic name and value (CHAR_VALUE_LONG when sent, else CHAR_VALUE). */
export function readCharacteristicValues(segments: readonly SegmentReader[]): ArticleCharacteristicValue[] {
  return segments.map((reader) => ({
    characteristic: reader.required('CHAR_NAME'),
    value: reader.text('CHAR_VALUE_LONG') ?? reader.text('CHAR_VALUE'),
    changeType: changeTypeFromMsgfn(reader.raw('FUNCTION')),
  }));
}

/** A canonical article number from a reference field of E1BPE1MARART (CONF_MATL, ...), or null. */
function referencedArticle(reader: SegmentReader | undefined, field: string): string | null {
  return reader ? (articleNumberOf(reader, field)?.materialNumber ?? null) : null;
}

/**
 * The variants: every E1BPE1VARKEY of the article (in order), then any other article the IDoc has segments
 * for (a variant sent without its key segment), each with its characteristic values and descriptions.
 */
function readVariants(sorted: ArticleSegments): ArticleVariant[] {
  const { docnum } = sorted;
  const variants = new Map<string, { asSent: string; changeType: ArticleVariant['changeType'] }>();
  for (const key of readersOf(sorted.own, ArticleSegment.variantKey, docnum)) {
    const variant = articleNumberOf(key, 'VARIANT');
    if (variant === null) throw key.missing('VARIANT');
    variants.set(variant.materialNumber, {
      asSent: variant.asSent,
      changeType: changeTypeFromMsgfn(key.raw('FUNCTION')),
    });
  }
  for (const [materialNumber, other] of sorted.others) {
    if (!variants.has(materialNumber)) {
      variants.set(materialNumber, { asSent: other.number.asSent, changeType: 'upsert' });
    }
  }
  return [...variants].map(([materialNumber, variant]) => {
    const segments = sorted.others.get(materialNumber)?.segments ?? [];
    const label = `variant ${materialNumber}`;
    const keyed = (name: string) => readersOf(segments, name, docnum).map((reader) => reader.keyed(label));
    const client = keyed(ArticleSegment.clientData)[0];
    return {
      materialNumber,
      materialNumberAsSent: variant.asSent,
      characteristicValues: readCharacteristicValues(keyed(ArticleSegment.characteristicValue)),
      descriptions: readArticleDescriptions(keyed(ArticleSegment.description)),
      markedForDeletion: client?.flag('DEL_FLAG') ?? false,
      changeType: variant.changeType,
    };
  });
}

/** The retail-specific parts of the article: header classification, generic link, values, variants. */
export function readRetail(sorted: ArticleSegments, client: SegmentReader | undefined): MaterialRetail {
  const { header, own, docnum } = sorted;
  return {
    articleCategory: header.text('MATL_CAT'),
    articleType: header.text('MATL_TYPE'),
    merchandiseCategory: header.text('MATL_GROUP'),
    characteristicsProfile: header.text('CHAR_PROF'),
    referenceArticle: referencedArticle(header, 'REF_MATL'),
    genericArticle: referencedArticle(client, 'CONF_MATL'),
    prepackGenericArticle: referencedArticle(client, 'PREPACK_GENERIC_MATL'),
    characteristicValues: readCharacteristicValues(
      readersOf(own, ArticleSegment.characteristicValue, docnum),
    ),
    variants: readVariants(sorted),
  };
}
