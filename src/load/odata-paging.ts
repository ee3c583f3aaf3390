import { SapDocumentError } from '../domain/errors';
import { isJsonObject, jsonKind, parseJsonText } from '../domain/events/json';

/*
 * Reading a whole OData V2 entity set page by page. The client asks for pages of `pageSize` entities
 * ($top/$skip, ordered by key so the pages do not shift). When the server answers a page in parts
 * (server-driven paging: a `__next` link carrying a $skiptoken), the parts are followed until the page is
 * complete; a page with fewer entities than asked for is the last one.
 */

/** What is read: one entity set of one service, with its expansions. */
export interface EntitySetQuery {
  entitySet: string;
  /** Navigation properties to expand ('to_Plant', 'to_Plant/to_StorageLocation'). */
  expand: readonly string[];
  /** The key property: pages are ordered by it. */
  orderBy: string;
  pageSize: number;
}

/** Where the next read starts. Saved in the checkpoint after every page produced. */
export interface LoadPosition {
  /** $skip of the client page being read. */
  skip: number;
  /** Server-driven continuation (`__next`) within that page, relative to the service root. */
  next?: string;
  /** Entities received of that page so far (from its earlier server parts). */
  received: number;
}

export const START: LoadPosition = { skip: 0, received: 0 };

/** One answer of the server: its entities, the continuation link and the total count when asked for. */
export interface ODataPage {
  results: Record<string, unknown>[];
  next?: string;
  count?: number;
}

/** Path of the next request, relative to the service root. `withCount` asks for `$inlinecount=allpages`. */
export function pagePath(query: EntitySetQuery, position: LoadPosition, withCount: boolean): string {
  if (position.next !== undefined) return position.next;
  const options = [
    '$format=json',
    `$top=${query.pageSize}`,
    `$skip=${position.skip}`,
    `$orderby=${encodeURIComponent(query.orderBy)}`,
  ];
  if (query.expand.length > 0) options.push(`$expand=${query.expand.map(encodeURI).join(',')}`);
  if (withCount) options.push('$inlinecount=allpages');
  return `${query.entitySet}?${options.join('&')}`;
}

/**
 * A `__next` link as a path relative to the service root at `serviceUrl`. SAP Gateway writes it absolute
 * ('https://host/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product?$skiptoken=500'); a link that leaves the
 * service is refused rather than followed.
 */
export function relativeNext(next: string, serviceUrl: string): string {
  const service = new URL(serviceUrl.replace(/\/+$/, ''));
  const servicePath = service.pathname.replace(/\/+$/, '');
  if (!/^[a-z][a-z0-9+.-]*:/i.test(next) && !next.startsWith('/')) return next.replace(/^\.?\/*/, '');
  const link = new URL(next, service);
  if (
    !link.pathname.startsWith(`${servicePath}/`) ||
    (/^[a-z]+:/i.test(next) && link.host !== service.host)
  ) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      `OData __next link '${next}' leaves the service ${serviceUrl}; refusing to follow it`,
      { field: '__next', value: next },
    );
  }
  return `${link.pathname.slice(servicePath.length + 1)}${link.search}`;
}

/**
 * Reads an OData V2 collection response (`{"d": {"results": [...], "__next": ..., "__count": ...}}`, or
 * the older `{"d": [...]}`). Throws SapDocumentError for anything else, an OData error body included.
 */
export function parsePage(text: string): ODataPage {
  const body = parseJsonText(text, 'OData response');
  if (!isJsonObject(body)) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      `OData response must be a JSON object, got ${jsonKind(body)}`,
    );
  }
  if (isJsonObject(body.error)) {
    const message = isJsonObject(body.error.message) ? body.error.message.value : body.error.message;
    throw new SapDocumentError(
      'ODATA_ERROR',
      `OData response is an error: ${typeof message === 'string' ? message : 'no message'}`,
    );
  }
  const d = body.d;
  const list = Array.isArray(d) ? d : isJsonObject(d) ? d.results : undefined;
  if (!Array.isArray(list)) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      'OData response is not a collection (expected {"d": {"results": [...]}})',
      { field: 'd.results' },
    );
  }
  const results = list.map((entry, index) => {
    if (!isJsonObject(entry)) {
      throw new SapDocumentError(
        'INVALID_VALUE',
        `OData response entry ${index + 1} is ${jsonKind(entry)}, not an entity`,
      );
    }
    return entry;
  });
  const page: ODataPage = { results };
  if (isJsonObject(d) && typeof d.__next === 'string' && d.__next !== '') page.next = d.__next;
  const count = isJsonObject(d) ? Number(d.__count) : Number.NaN;
  if (isJsonObject(d) && d.__count !== undefined && Number.isSafeInteger(count) && count >= 0)
    page.count = count;
  return page;
}

/**
 * Where reading goes on after `page` was read at `position`: the server's continuation when it gave one,
 * else the next client page, or `done` when this page came back short (or empty).
 */
export function advance(
  position: LoadPosition,
  page: ODataPage,
  pageSize: number,
  serviceUrl: string,
): LoadPosition | 'done' {
  const received = position.received + page.results.length;
  if (page.next !== undefined) {
    if (page.results.length === 0 && position.next === page.next) return 'done';
    return { skip: position.skip, next: relativeNext(page.next, serviceUrl), received };
  }
  if (received < pageSize || page.results.length === 0) return 'done';
  return { skip: position.skip + received, received: 0 };
}
