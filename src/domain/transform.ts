import { parseSingleIdoc } from './idoc/parsed-idoc';
import { idocHandlerFor } from './idoc-handlers';
import type { CanonicalRecord } from './record';

/**
 * Transforms ONE IDoc XML document (as produced by splitIdocDocument) to its canonical record, dispatching
 * on the IDoc's type. The only entry the activity calls. Throws SapDocumentError for bad documents.
 */
export function transformIdoc(xml: string): CanonicalRecord {
  const idoc = parseSingleIdoc(xml);
  return idocHandlerFor(idoc.control).transform(idoc);
}
