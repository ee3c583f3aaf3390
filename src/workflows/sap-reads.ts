import type { ApplyItem } from '../shared/apply-types';
import type { DocumentBody } from '../shared/payload-ref';

/** An initial-load event carries its entity; its JSON (as the router writes it) names its type so. */
const LOAD_EVENT = /"type":"synchub\.load\./;
/** The source `synchub load` gives its events: the start of their sourceId (`${source}/${id}`). */
const LOAD_SOURCE = '/synchub/load/';

/**
 * A business event announces a change by key only: its entity must be read from SAP. Initial-load events
 * carry the entity and need no read; one too large to travel inline (by reference) is known by its source.
 */
export function needsSapRead(item: ApplyItem): boolean {
  if (item.format !== 'event') return false;
  if (item.payload !== undefined) return !LOAD_EVENT.test(item.payload);
  return !item.sourceId.startsWith(LOAD_SOURCE);
}

/** Just the document of an item, for the read activity's input. */
export function documentBody(item: ApplyItem): DocumentBody {
  return item.payloadRef ? { payloadRef: item.payloadRef } : { payload: item.payload ?? '' };
}
