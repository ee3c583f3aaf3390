import type { ApplyItem } from '../shared/apply-types';
import type { DocumentBody } from '../shared/payload-ref';

/** An initial-load event carries its entity; its JSON (as the router writes it) names its type so. */
const LOAD_EVENT = /"type":"synchub\.load\./;

/**
 * A business event announces a change by key only: its entity must be read from SAP. Initial-load events
 * carry the entity and need no read. (An event travelling by reference is read to be sure.)
 */
export function needsSapRead(item: ApplyItem): boolean {
  return item.format === 'event' && !(item.payload !== undefined && LOAD_EVENT.test(item.payload));
}

/** Just the document of an item, for the read activity's input. */
export function documentBody(item: ApplyItem): DocumentBody {
  return item.payloadRef ? { payloadRef: item.payloadRef } : { payload: item.payload ?? '' };
}
