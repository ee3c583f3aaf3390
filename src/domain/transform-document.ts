import { splitIdocDocument } from './idoc/split';
import type { CanonicalRecord } from './record';
import { transformIdoc } from './transform';

/**
 * Every business entity in one document, in document order. All or nothing: a document with any IDoc that
 * cannot be accepted throws SapDocumentError naming the problem.
 */
export function transformDocument(text: string): CanonicalRecord[] {
  return splitIdocDocument(text).map((envelope) => transformIdoc(envelope.xml));
}
