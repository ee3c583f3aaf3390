import { transformBusinessPartnerResponse } from './business-partner/transform';
import { SapDocumentError } from './errors';
import { isCloudEventPayload, parseCloudEvent, type SapCloudEvent } from './events/cloud-event';
import { parseJsonText } from './events/json';
import { splitIdocDocument } from './idoc/split';
import type { CanonicalRecord } from './record';
import { transformIdoc } from './transform';

export type DocumentKind = 'idoc' | 'cloudevents' | 'odata';

/** What an SAP document is: IDoc XML, business events (one JSON event or one per line), or an OData response. */
export function documentKind(text: string): DocumentKind {
  const start = text.replace(/^\uFEFF?\s*/, '');
  if (!start.startsWith('{') && !start.startsWith('[')) return 'idoc';
  const firstLine = start.split('\n', 1)[0] ?? '';
  if (isCloudEventPayload(start) || isCloudEventPayload(firstLine)) return 'cloudevents';
  return 'odata';
}

/** The business events of a document: one JSON event, or one per line (NDJSON); blank lines are ignored. */
export function parseCloudEvents(text: string): SapCloudEvent[] {
  if (isCloudEventPayload(text)) {
    try {
      return [parseCloudEvent(text)];
    } catch (error) {
      if (!text.trim().includes('\n')) throw error;
    }
  }
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => parseCloudEvent(line));
}

/**
 * Every business entity in one self-contained document (IDoc XML or an OData response), in document order.
 * All or nothing: throws SapDocumentError naming the problem. Business events carry only keys: they need the
 * entity read from SAP first (see parseCloudEvents and transformBusinessPartner).
 */
export function transformDocument(text: string): CanonicalRecord[] {
  const kind = documentKind(text);
  if (kind === 'idoc') return splitIdocDocument(text).map((envelope) => transformIdoc(envelope.xml));
  if (kind === 'odata') {
    const parsed = parseJsonText(text, 'JSON document');
    if (typeof parsed !== 'object' || parsed === null || !('d' in parsed)) {
      throw new SapDocumentError(
        'UNSUPPORTED_DOCUMENT',
        'JSON document is neither a CloudEvent nor an OData V2 response (no "d" member)',
      );
    }
    return [transformBusinessPartnerResponse(text)];
  }
  throw new SapDocumentError(
    'NEEDS_ENRICHMENT',
    'business events carry only the key: the entity must be read from SAP (API_BUSINESS_PARTNER) first',
  );
}
