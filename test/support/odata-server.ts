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

/** What the server wrote of an oversized answer before the client hung up (or all of it). */
export interface StreamedAnswer {
  bytes: number;
  /** The whole body went out. */
  finished: boolean;
}

const FILLER_CHUNK = 'x'.repeat(64 * 1024);

/**
 * A stand-in for an S/4HANA API_BUSINESS_PARTNER service on loopback: answers A_BusinessPartner('<key>') with
 * the real sample response re-keyed, 404 for keys listed as missing, 503 a given number of times first
 * for keys listed as flaky, and for keys listed as oversized a JSON body of that many bytes, streamed
 * without a Content-Length (what it managed to write is in `streamed`).
 */
export class ODataServer {
  readonly requests: string[] = [];
  readonly missing = new Set<string>();
  readonly failuresBeforeSuccess = new Map<string, number>();
  readonly oversized = new Map<string, number>();
  readonly streamed = new Map<string, StreamedAnswer>();
  /** Changes to the answer for a key (e.g. invented personal data, a block flag set). */
  readonly rewrites = new Map<string, (body: string) => string>();
  private server?: http.Server;

  get baseUrl(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}${SERVICE_PATH}`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      const url = request.url ?? '';
      this.requests.push(url);
      const match = /A_BusinessPartner\('([^']*)'\)/.exec(decodeURIComponent(url));
      const key = match?.[1];
      if (!url.startsWith(SERVICE_PATH) || key === undefined) {
        response.writeHead(400).end('{"error":{"message":{"value":"bad request"}}}');
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
      const failures = this.failuresBeforeSuccess.get(key) ?? 0;
      if (failures > 0) {
        this.failuresBeforeSuccess.set(key, failures - 1);
        response.writeHead(503).end('Service Unavailable');
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
