import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalKey } from '../../src/domain';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { SYNCHUB_BIN, runSynchub } from '../support/cli';
import { Harness } from '../support/harness';
import { ODataServer } from '../support/odata-server';

jest.setTimeout(240_000);

const odata = new ODataServer();
let harness: Harness;
let stateDir: string;
beforeAll(async () => {
  await odata.start();
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-load-'));
  // Only the API_BUSINESS_PARTNER URL is set: the product service is found next to it. Loaded entities
  // (several KiB each) travel by claim check, as a large product does with the default threshold.
  harness = await Harness.create({
    env: { SYNCHUB_SAP_ODATA_URL: odata.baseUrl, SYNCHUB_CLAIM_CHECK_BYTES: '1024' },
  });
  await harness.startWorker();
  await harness.startIngester();
});
afterAll(async () => {
  await harness.close();
  await odata.stop();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

function store() {
  return createRecordStore(harness.aws.documents, harness.config.sync.table);
}

/** The version a loaded product gets: the sample's LastChangeDateTime 2020-03-01T14:38:39Z, docnum 0. */
const LOADED_VERSION = '20200301143839.0000000000000000';

test('every product reaches DynamoDB; a killed load resumes from its checkpoint; --rate holds; a newer IDoc wins', async () => {
  const prefix = `L${randomBytes(3).toString('hex').toUpperCase()}`;
  const keys = Array.from({ length: 60 }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
  odata.productKeys = keys;
  odata.serverPageSize = 7; // each client page of 20 comes in three parts linked by __next
  const rate = 4;
  const stateFile = path.join(stateDir, 'material.json');
  const args = ['load', 'material', '--page-size', '20', '--rate', String(rate), '--state-file', stateFile];

  // A change SAP made after the state the load reads: its IDoc is on the topic before the load starts.
  const newer = keys[5]!;
  await harness.produce(
    materialIdoc({
      matnr: newer,
      docnum: 4242,
      serial: '20260101120000',
      description: 'newer than the load',
    }),
    newer,
  );
  await waitFor('the newer IDoc applied', () => store().get('material', newer), { timeoutMs: 60_000 });

  // First run: killed without warning after a few answers.
  const requestsBefore = odata.collectionRequests('A_Product').length;
  const first = spawn(process.execPath, [SYNCHUB_BIN, ...args], { env: harness.env, stdio: 'ignore' });
  const exited = new Promise((resolve) => first.once('exit', resolve));
  await waitFor(
    'four pages read',
    () => odata.collectionRequests('A_Product').length - requestsBefore >= 4 || undefined,
    { timeoutMs: 60_000, intervalMs: 20 },
  );
  first.kill('SIGKILL');
  await exited;
  const firstRun = odata.collectionRequests('A_Product').slice(requestsBefore);
  const checkpoint = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { done: boolean; pages: number };
  expect(checkpoint.done).toBe(false);
  expect(checkpoint.pages).toBeGreaterThanOrEqual(3);

  // Second run: goes on from the checkpoint and completes.
  const second = await runSynchub(args, { env: harness.env, timeoutMs: 120_000 });
  expect(second.stderr).not.toMatch(/skipped/);
  expect(second.code).toBe(0);
  expect(second.stdout).toMatch(/^loaded 60 material entities from A_Product to sap\.material/);
  const all = odata.collectionRequests('A_Product').slice(requestsBefore);
  const secondRun = all.slice(firstRun.length);
  // It did not start from page 1: only the first run asked for $skip=0 without a continuation.
  const fromStart = all.filter(({ url }) => /\$skip=0(&|$)/.test(url) && !url.includes('$skiptoken'));
  expect(fromStart).toHaveLength(1);
  expect(secondRun[0]!.url).not.toMatch(/\$skip=0(&|$)/);
  expect(JSON.parse(fs.readFileSync(stateFile, 'utf8'))).toMatchObject({ done: true, total: 60 });

  // Requests to SAP never came faster than --rate: each reached the server at least 1/rate after the one
  // before (the load starts a request 1/rate after the previous answer; 5 ms allowed for timer rounding).
  const interval = 1000 / rate;
  for (const run of [firstRun, secondRun]) {
    for (let i = 1; i < run.length; i += 1) {
      expect(run[i]!.at - run[i - 1]!.at).toBeGreaterThanOrEqual(interval - 5);
    }
  }

  // Every product is in DynamoDB, with the version of the state loaded; the newer IDoc was not overwritten.
  const records = await waitFor(
    'all 60 products stored',
    async () => {
      const found = await Promise.all(
        keys.map((key) => store().get('material', canonicalKey('material', key))),
      );
      return found.every((record) => record !== undefined) ? found : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 1_000 },
  );
  for (const [index, record] of records.entries()) {
    if (keys[index] === newer) continue;
    expect(record).toMatchObject({
      version: LOADED_VERSION,
      source: { format: 'odata', service: 'API_PRODUCT_SRV', entitySet: 'A_Product' },
      data: { materialType: 'FERT', plants: [{ plant: '1010' }] },
    });
  }
  const kept = await waitFor(
    'the load of the newer product settled',
    async () => {
      const record = await store().get('material', newer);
      return record?.publishedVersion === record?.version ? record : undefined;
    },
    { timeoutMs: 60_000 },
  );
  expect(kept.version).toBe('20260101120000.0000000000004242');
  expect(kept.source).toMatchObject({ format: 'idoc' });

  // Run again: the load is complete and says so.
  const again = await runSynchub(args, { env: harness.env });
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/is complete \(60 entities\); run with --restart/);
});

test('business partners load from A_BusinessPartner with their addresses', async () => {
  const base = 3_000_000 + Math.floor(Math.random() * 6_000_000);
  const partners = Array.from({ length: 5 }, (_, i) => String(base + i));
  odata.partnerKeys = partners;
  odata.serverPageSize = 1_000;
  const stateFile = path.join(stateDir, 'bp.json');
  const result = await runSynchub(
    ['load', 'businessPartner', '--page-size', '2', '--rate', '50', '--state-file', stateFile],
    { env: harness.env, timeoutMs: 60_000 },
  );
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^loaded 5 businessPartner entities from A_BusinessPartner/);
  for (const partner of partners) {
    const key = canonicalKey('businessPartner', partner);
    const record = await waitFor(`partner ${partner}`, () => store().get('businessPartner', key), {
      timeoutMs: 60_000,
    });
    expect(record).toMatchObject({
      entityKey: key,
      source: { format: 'odata', service: 'API_BUSINESS_PARTNER' },
      data: { businessPartnerAsSent: partner },
    });
  }
  // Nothing was read a second time: no single-entity reads of these partners.
  expect(
    odata.requests.filter((url) => partners.some((p) => url.includes(`A_BusinessPartner('${p}')`))),
  ).toEqual([]);
});
