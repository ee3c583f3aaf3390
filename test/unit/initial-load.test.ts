import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SourceUnavailableError, type SapODataClient } from '../../src/adapters/sap-odata-client';
import { parseCloudEvent } from '../../src/domain';
import { readCheckpoint } from '../../src/load/checkpoint';
import { runInitialLoad, type LoadMessage } from '../../src/load/initial-load';
import { START, advance, pagePath, parsePage, relativeNext } from '../../src/load/odata-paging';
import { createRateLimiter } from '../../src/load/rate-limiter';
import { LOAD_TARGETS } from '../../src/load/targets';

const SERVICE = 'https://s4.example.com/sap/opu/odata/sap/API_PRODUCT_SRV';
const QUERY = {
  entitySet: 'A_Product',
  expand: ['to_Description', 'to_Plant'],
  orderBy: 'Product',
  pageSize: 3,
};

function product(key: string): Record<string, unknown> {
  return { Product: key, LastChangeDateTime: '/Date(1583073519000+0000)/' };
}

describe('paging', () => {
  test('the first page asks for $top, $skip, key order, the expansions and the count', () => {
    expect(pagePath(QUERY, START, true)).toBe(
      'A_Product?$format=json&$top=3&$skip=0&$orderby=Product&$expand=to_Description,to_Plant&$inlinecount=allpages',
    );
  });

  test('a __next link is followed as sent, made relative to the service', () => {
    expect(relativeNext(`${SERVICE}/A_Product?$skiptoken=3&$top=2`, SERVICE)).toBe(
      'A_Product?$skiptoken=3&$top=2',
    );
    expect(relativeNext('/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product?$skiptoken=3', SERVICE)).toBe(
      'A_Product?$skiptoken=3',
    );
    expect(relativeNext("A_Product?$skiptoken='X'", SERVICE)).toBe("A_Product?$skiptoken='X'");
    expect(() =>
      relativeNext('https://elsewhere.example.com/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product', SERVICE),
    ).toThrow(/leaves the service/);
  });

  test('server paging within a client page, then the next client page, then a short page ends it', () => {
    const first = advance(
      START,
      { results: [product('A'), product('B')], next: `${SERVICE}/A_Product?$skiptoken=2` },
      3,
      SERVICE,
    );
    expect(first).toEqual({ skip: 0, next: 'A_Product?$skiptoken=2', received: 2 });
    const second = advance(first as typeof START, { results: [product('C')] }, 3, SERVICE);
    expect(second).toEqual({ skip: 3, received: 0 });
    expect(pagePath(QUERY, second as typeof START, false)).toContain('$skip=3');
    expect(advance(second as typeof START, { results: [product('D')] }, 3, SERVICE)).toBe('done');
    expect(advance(second as typeof START, { results: [] }, 3, SERVICE)).toBe('done');
  });

  test('collections in both V2 shapes, the count, and error bodies', () => {
    expect(parsePage('{"d":{"__count":"7","results":[{"Product":"A"}],"__next":"x"}}')).toEqual({
      results: [{ Product: 'A' }],
      count: 7,
      next: 'x',
    });
    expect(parsePage('{"d":[{"Product":"A"}]}')).toEqual({ results: [{ Product: 'A' }] });
    expect(() => parsePage('{"error":{"code":"X","message":{"value":"no authority"}}}')).toThrow(
      /no authority/,
    );
    expect(() => parsePage('{"d":{"Product":"A"}}')).toThrow(/not a collection/);
  });
});

describe('rate limiter', () => {
  test('each call starts 1/rate after the previous one ended, one at a time', async () => {
    let now = 1_000;
    const limit = createRateLimiter(4, {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    const started: number[] = [];
    const call = (duration: number) => async () => {
      started.push(now);
      now += duration;
    };
    await limit(call(0));
    await limit(call(100));
    await limit(call(0));
    await limit(call(0));
    // 250 ms apart, plus the 100 ms the second call took, plus 1 ms of timer margin after each wait.
    expect(started).toEqual([1_000, 1_251, 1_602, 1_853]);
  });
});

/** An entity set of `keys` served `serverPage` at a time with __next links; `failAt` request numbers fail. */
function fakeService(keys: string[], serverPage: number, failAt: Set<number> = new Set()) {
  const requests: string[] = [];
  const odata: SapODataClient = {
    async get(pathAndQuery) {
      requests.push(pathAndQuery);
      if (failAt.has(requests.length)) throw new SourceUnavailableError('HTTP 503');
      const url = new URL(pathAndQuery, `${SERVICE}/`);
      const skip = Number(url.searchParams.get('$skiptoken') ?? url.searchParams.get('$skip'));
      const top = Number(url.searchParams.get('$top'));
      const count = Math.min(top, serverPage);
      const slice = keys.slice(skip, skip + count);
      const d: Record<string, unknown> = { results: slice.map(product) };
      if (url.searchParams.has('$inlinecount')) d.__count = String(keys.length);
      if (top > count && skip + slice.length < keys.length) {
        d.__next = `${SERVICE}/A_Product?$skiptoken=${skip + slice.length}&$top=${top - slice.length}`;
      }
      return JSON.stringify({ d });
    },
  };
  return { odata, requests };
}

describe('runInitialLoad', () => {
  const target = LOAD_TARGETS.material!;
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-load-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const keys = Array.from({ length: 11 }, (_, i) => `P${String(i).padStart(3, '0')}`);
  const base = {
    target,
    serviceUrl: SERVICE,
    system: 'SAP',
    pageSize: 4,
    rate: 0,
    sleep: async () => undefined,
  };

  test('produces every entity once, following server paging, and records the total', async () => {
    const service = fakeService(keys, 3);
    const produced: LoadMessage[] = [];
    const file = path.join(dir, 'load.json');
    const result = await runInitialLoad({
      ...base,
      odata: service.odata,
      checkpointFile: file,
      produce: async (messages) => void produced.push(...messages),
    });
    expect(result.status).toBe('done');
    expect(produced.map((message) => message.key)).toEqual(keys);
    expect(parseCloudEvent(produced[0]!.value).data.Product).toBe('P000');
    expect(readCheckpoint(file)).toMatchObject({ done: true, produced: 11, total: 11 });
    expect(service.requests.some((request) => request.includes('$skiptoken'))).toBe(true);
  });

  test('stopped after two pages and started again, it goes on from the checkpoint', async () => {
    const file = path.join(dir, 'load.json');
    const produced: string[] = [];
    const produce = async (messages: LoadMessage[]) => void produced.push(...messages.map((m) => m.key));
    const first = fakeService(keys, 10);
    let pages = 0;
    const interrupted = await runInitialLoad({
      ...base,
      odata: first.odata,
      checkpointFile: file,
      produce,
      stopRequested: () => pages >= 2,
      onProgress: () => void (pages += 1),
    });
    expect(interrupted.status).toBe('interrupted');
    expect(produced).toEqual(keys.slice(0, 8));
    const second = fakeService(keys, 10);
    const resumed = await runInitialLoad({ ...base, odata: second.odata, checkpointFile: file, produce });
    expect(resumed).toMatchObject({ status: 'done', resumedFrom: { skip: 8 } });
    expect(second.requests[0]).toContain('$skip=8');
    expect(produced).toEqual(keys);
    const again = await runInitialLoad({ ...base, odata: second.odata, checkpointFile: file, produce });
    expect(again.status).toBe('alreadyDone');
  });

  test('a transient SAP fault is retried; --restart starts over', async () => {
    const file = path.join(dir, 'load.json');
    const flaky = fakeService(keys, 10, new Set([2]));
    const produced: string[] = [];
    const produce = async (messages: LoadMessage[]) => void produced.push(...messages.map((m) => m.key));
    await runInitialLoad({ ...base, odata: flaky.odata, checkpointFile: file, produce });
    expect(produced).toEqual(keys);
    await runInitialLoad({ ...base, odata: flaky.odata, checkpointFile: file, produce, restart: true });
    expect(produced).toHaveLength(22);
  });

  test('an entity without a change time is skipped and reported; the rest are loaded', async () => {
    const service = fakeService(['A', 'B'], 10);
    const odata: SapODataClient = {
      get: async (p) =>
        (await service.odata.get(p)).replace(
          '{"Product":"A","LastChangeDateTime":"/Date(1583073519000+0000)/"}',
          '{"Product":"A"}',
        ),
    };
    const skipped: string[] = [];
    const produced: string[] = [];
    const result = await runInitialLoad({
      ...base,
      odata,
      produce: async (messages) => void produced.push(...messages.map((m) => m.key)),
      onSkipped: (message) => skipped.push(message),
    });
    expect(result.skipped).toBe(1);
    expect(produced).toEqual(['B']);
    expect(skipped[0]).toMatch(/A_Product\('A'\) has none of LastChangeDateTime/);
  });
});
