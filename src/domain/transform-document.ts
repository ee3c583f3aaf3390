import { transformBusinessPartnerResponse } from './business-partner/transform';
import { SapDocumentError } from './errors';
import { isCloudEventPayload, parseCloudEvent, type SapCloudEvent } from './events/cloud-event';
import { parseJsonText } from './events/json';
import { LOAD_BUSINESS_PARTNER, LOAD_PRODUCT } from './events/event-types';
import { recordFromODataEntity } from './load/load-event';
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
/**
 * The entities of an OData V2 collection read (`d.results`) of `A_Product` or `A_BusinessPartner`, each as
 * an initial load would make it (see domain/load), named by its `__metadata.type`.
 */
function transformODataCollection(results: unknown[]): CanonicalRecord[] {
  return results.map((entity, index) => {
    const type =
      typeof entity === 'object' && entity !== null
        ? (entity as { __metadata?: { type?: unknown } }).__metadata?.type
        : undefined;
    const name = typeof type === 'string' ? type.split('.').pop() : undefined;
    const loadType =
      name === 'A_ProductType'
        ? LOAD_PRODUCT
        : name === 'A_BusinessPartnerType'
          ? LOAD_BUSINESS_PARTNER
          : undefined;
    if (loadType === undefined) {
      throw new SapDocumentError(
        'UNSUPPORTED_DOCUMENT',
        `OData collection entry ${index + 1} is ${typeof type === 'string' ? `a ${type}` : 'an entity without __metadata.type'}; ` +
          'supported: API_PRODUCT_SRV.A_ProductType, API_BUSINESS_PARTNER.A_BusinessPartnerType',
      );
    }
    return recordFromODataEntity(loadType, entity as Record<string, unknown>);
  });
}

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
    const d = parsed.d;
    const results = typeof d === 'object' && d !== null ? (d as { results?: unknown }).results : undefined;
    if (Array.isArray(results)) return transformODataCollection(results);
    return [transformBusinessPartnerResponse(text)];
  }
  throw new SapDocumentError(
    'NEEDS_ENRICHMENT',
    'business events carry only the key: the entity must be read from SAP (API_BUSINESS_PARTNER) first',
  );
}
