import { SapDocumentError } from '../errors';
import type { ParsedIdoc } from '../idoc/parsed-idoc';
import type { Segment } from '../idoc/segment';
import { SegmentReader } from '../idoc/segment-reader';
import { articleNumberOf, type ArticleNumber } from './fields';
import { ArticleSegment } from './segments';

/** An ARTMAS IDoc's segments sorted by the article they are about. */
export interface ArticleSegments {
  docnum: string;
  header: SegmentReader;
  /** The article of the header: the record's key. */
  article: ArticleNumber;
  /** Top-level standard segments of the article itself (MATERIAL is the article's or absent). */
  own: Segment[];
  /** Top-level standard segments of every other article (the variants), by canonical number, in order. */
  others: Map<string, { number: ArticleNumber; segments: Segment[] }>;
}

/** The one E1BPE1MATHEAD segment of an article IDoc. */
function headerSegment(idoc: ParsedIdoc): SegmentReader {
  const { docnum } = idoc.control;
  const found = idoc.segments.filter((segment) => segment.name === ArticleSegment.header);
  if (found.length === 0) {
    throw new SapDocumentError('MISSING_SEGMENT', `IDoc ${docnum}: has no segment ${ArticleSegment.header}`, {
      docnum,
      segment: ArticleSegment.header,
    });
  }
  if (found.length > 1) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      `IDoc ${docnum}: has ${found.length} ${ArticleSegment.header} segments; an article IDoc carries exactly one header`,
      { docnum, segment: ArticleSegment.header, count: found.length },
    );
  }
  return new SegmentReader(found[0]!, docnum);
}

/** The article of the header segment (MATERIAL_LONG or MATERIAL); MISSING_FIELD when it names none. */
function headerArticle(header: SegmentReader): ArticleNumber {
  const article = articleNumberOf(header, 'MATERIAL');
  if (article === null) throw header.missing('MATERIAL');
  return article;
}

/** Sorts the IDoc's segments by article (E1BPE1VARKEY is about the generic article, its variants aside). */
export function articleSegments(idoc: ParsedIdoc): ArticleSegments {
  const { docnum } = idoc.control;
  const header = headerSegment(idoc);
  const article = headerArticle(header);
  const own: Segment[] = [];
  const others = new Map<string, { number: ArticleNumber; segments: Segment[] }>();
  for (const segment of idoc.segments) {
    if (segment === header.segment || !segment.name.startsWith('E1BPE1')) continue;
    const number = articleNumberOf(new SegmentReader(segment, docnum), 'MATERIAL');
    if (number === null || number.materialNumber === article.materialNumber) {
      own.push(segment);
      continue;
    }
    const entry = others.get(number.materialNumber) ?? { number, segments: [] };
    entry.segments.push(segment);
    others.set(number.materialNumber, entry);
  }
  return { docnum, header, article, own, others };
}

/** Readers of the segments called `name` among `segments`. */
export function readersOf(segments: readonly Segment[], name: string, docnum: string): SegmentReader[] {
  return segments
    .filter((segment) => segment.name === name)
    .map((segment) => new SegmentReader(segment, docnum));
}
