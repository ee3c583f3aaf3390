import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

const SAMPLE = fs.readFileSync(
  path.resolve(__dirname, '..', 'fixtures', 'sap', 'API_BUSINESS_PARTNER_odata_v2.json'),
  'utf8',
);
const SAMPLE_KEY = '1003764';
export const SERVICE_PATH = '/sap/opu/odata/sap/API_BUSINESS_PARTNER';
export const PRODUCT_SERVICE_PATH = '/sap/opu/odata/sap/API_PRODUCT_SRV';

const PRODUCT_PAGE = JSON.parse(
  fs.readFileSync(
    path.resolve(__dirname, '..', 'fixtures', 'sap', 'API_PRODUCT_SRV_A_Product_page.json'),
    'utf8',
  ),
) as { d: { results: Record<string, unknown>[] } };
const PRODUCT_SAMPLE = JSON.stringify(PRODUCT_PAGE.d.results[0]);
const PRODUCT_SAMPLE_KEY = 'DEMOPRODUCT001';
/** LastChangeDateTime of the product sample: 2020-03-01T14:38:39Z. */
export const SAMPLE_PRODUCT_CHANGED_MS = 1583073519000;
const BUSINESS_PARTNER_ENTITY = JSON.stringify((JSON.parse(SAMPLE) as { d: unknown }).d);

/** One request as the server saw it. */
export interface LoggedRequest {
  url: string;
  /** Date.now() when it arrived. */
  at: number;
  /** Its Authorization header (the credentials it came with), if any. */
  authorization?: string;
}

/** An entity set served as a collection, in key order. */
interface Collection {
  keys: string[];
  entity: (key: string) => string;
}

/** What the server wrote of an oversized answer before the client hung up (or all of it). */
export interface StreamedAnswer {
  bytes: number;
  /** The whole body went out. */
  finished: boolean;
}

const FILLER_CHUNK = 'x'.repeat(64 * 1024);

/**
 * A stand-in for an S/4HANA API_BUSINESS_PARTNER service on loopback: answers A_BusinessPartner('<key>') with
 * the real sample response re-keyed, 503 a given number of times first for keys listed as flaky, then 404
 * for keys listed as missing, and for keys listed as oversized a JSON body of that many bytes, streamed
 * without a Content-Length (what it managed to write is in `streamed`).
 */
export class ODataServer {
  readonly requests: string[] = [];
  readonly log: LoggedRequest[] = [];
  /** A_Product keys served by the collection (keep them sorted: pages are in key order). */
  productKeys: string[] = [];
  /** LastChangeDateTime (ms) per product; others have the sample's. */
  readonly productChangedAt = new Map<string, number>();
  /** A_BusinessPartner keys served by the collection (sorted). */
  partnerKeys: string[] = [];
  /** Most entities one answer holds; more asked for ($top) are left to a `__next` link (server paging). */
  serverPageSize = 1_000;
  readonly missing = new Set<string>();
  readonly failuresBeforeSuccess = new Map<string, number>();
  readonly oversized = new Map<string, number>();
  readonly streamed = new Map<string, StreamedAnswer>();
  /** Changes to the answer for a key (e.g. invented personal data, a block flag set). */
  readonly rewrites = new Map<string, (body: string) => string>();
  private server?: http.Server;

  get baseUrl(): string {
    return `${this.origin}${SERVICE_PATH}`;
  }

  get productBaseUrl(): string {
    return `${this.origin}${PRODUCT_SERVICE_PATH}`;
  }

  get origin(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Requests for the collection of `entitySet`, in order. */
  collectionRequests(entitySet: string): LoggedRequest[] {
    return this.log.filter(({ url }) => new RegExp(`/${entitySet}\\?`).test(url));
  }

  private product(key: string): string {
    const changed = this.productChangedAt.get(key) ?? SAMPLE_PRODUCT_CHANGED_MS;
    return PRODUCT_SAMPLE.split(PRODUCT_SAMPLE_KEY)
      .join(key)
      .replace(`/Date(${SAMPLE_PRODUCT_CHANGED_MS}+0000)/`, `/Date(${changed}+0000)/`);
  }

  private partner(key: string): string {
    return BUSINESS_PARTNER_ENTITY.split(`'${SAMPLE_KEY}'`)
      .join(`'${key}'`)
      .split(`"${SAMPLE_KEY}"`)
      .join(`"${key}"`);
  }

  /** A collection read: $top/$skip, `$skiptoken` of our own `__next` links, `$inlinecount`. */
  private answerCollection(
    servicePath: string,
    entitySet: string,
    collection: Collection,
    url: URL,
    response: http.ServerResponse,
  ): void {
    const params = url.searchParams;
    const skip = Number(params.get('$skiptoken') ?? params.get('$skip') ?? '0');
    const top = Number(params.get('$top') ?? String(collection.keys.length));
    const count = Math.min(top, this.serverPageSize);
    const keys = collection.keys.slice(skip, skip + count);
    const parts = [`"results":[${keys.map((key) => collection.entity(key)).join(',')}]`];
    if (params.get('$inlinecount') === 'allpages') parts.unshift(`"__count":"${collection.keys.length}"`);
    const served = skip + keys.length;
    if (top > count && served < collection.keys.length) {
      const next = new URLSearchParams(params);
      next.delete('$skip');
      next.delete('$inlinecount');
      next.set('$skiptoken', String(served));
      next.set('$top', String(top - keys.length));
      const link = `${this.origin}${servicePath}/${entitySet}?${next.toString()}`;
      parts.push(`"__next":${JSON.stringify(link)}`);
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(`{"d":{${parts.join(',')}}}`);
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      const url = request.url ?? '';
      this.requests.push(url);
      const { authorization } = request.headers;
      this.log.push({ url, at: Date.now(), ...(authorization !== undefined ? { authorization } : {}) });
      const parsed = new URL(url, 'http://localhost');
      if (parsed.pathname === `${PRODUCT_SERVICE_PATH}/A_Product`) {
        const collection = { keys: this.productKeys, entity: (key: string) => this.product(key) };
        this.answerCollection(PRODUCT_SERVICE_PATH, 'A_Product', collection, parsed, response);
        return;
      }
      if (parsed.pathname === `${SERVICE_PATH}/A_BusinessPartner`) {
        const collection = { keys: this.partnerKeys, entity: (key: string) => this.partner(key) };
        this.answerCollection(SERVICE_PATH, 'A_BusinessPartner', collection, parsed, response);
        return;
      }
      const match = /A_BusinessPartner\('([^']*)'\)/.exec(decodeURIComponent(url));
      const key = match?.[1];
      if (!url.startsWith(SERVICE_PATH) || key === undefined) {
        response.writeHead(400).end('{"error":{"message":{"value":"bad request"}}}');
        return;
      }
      const failures = this.failuresBeforeSuccess.get(key) ?? 0;
      if (failures > 0) {
        this.failuresBeforeSuccess.set(key, failures - 1);
        response.writeHead(503).end('Service Unavailable');
        return;
      }
      if (this.missing.has(key)) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(
          `{"error":{"code":"/IWBEP/CM_MGW_RT/020","message":{"value":"Resource not found for segment 'A_BusinessPartner'"}}}`,
        );
        return;
      }
      const oversized = this.oversized.get(key);
      if (oversized !== undefined) {
        this.streamOversized(key, oversized, response);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      const body = SAMPLE.split(`'${SAMPLE_KEY}'`).join(`'${key}'`).split(`"${SAMPLE_KEY}"`).join(`"${key}"`);
      response.end(this.rewrites.get(key)?.(body) ?? body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  /** `{"d":{"BusinessPartner":"<key>","Filler":"xxx...` of `total` bytes, written as the client reads. */
  private streamOversized(key: string, total: number, response: http.ServerResponse): void {
    const answer: StreamedAnswer = { bytes: 0, finished: false };
    this.streamed.set(key, answer);
    const head = `{"d":{"BusinessPartner":"${key}","Filler":"`;
    const tail = '"}}';
    response.writeHead(200, { 'content-type': 'application/json' });
    const write = (chunk: string): boolean => {
      answer.bytes += Buffer.byteLength(chunk);
      return response.write(chunk);
    };
    const pump = (): void => {
      while (!response.destroyed) {
        const left = total - tail.length - answer.bytes;
        if (left <= 0) {
          write(tail);
          answer.finished = true;
          response.end();
          return;
        }
        if (!write(FILLER_CHUNK.slice(0, left))) {
          response.once('drain', pump);
          return;
        }
      }
    };
    write(head);
    pump();
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
