import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalKey } from '../../src/domain';
import { waitFor } from '../../src/util/wait-for';
import { changedEvent } from '../support/business-events';
import { Harness } from '../support/harness';
import { ODataServer } from '../support/odata-server';

jest.setTimeout(240_000);

const RATE = 2;
const odata = new ODataServer();
let harness: Harness;
beforeAll(async () => {
  await odata.start();
  harness = await Harness.create({
    env: { SYNCHUB_SAP_ODATA_URL: odata.baseUrl, SYNCHUB_SAP_RATE_LIMIT: String(RATE) },
  });
  await harness.startWorker();
  await harness.startIngester();
});
afterAll(async () => {
  await harness.close();
  await odata.stop();
});

test('business partner reads stay within SYNCHUB_SAP_RATE_LIMIT and every partner still syncs', async () => {
  const base = 4_000_000 + Math.floor(Math.random() * 5_000_000);
  const partners = Array.from({ length: 16 }, (_, i) => String(base + i));
  for (const partner of partners) {
    await harness.produce(
      changedEvent(partner),
      canonicalKey('businessPartner', partner),
      harness.config.kafka.topics.businessPartner,
    );
  }
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  await waitFor(
    'every partner stored',
    async () => {
      const records = await Promise.all(
        partners.map((partner) => store.get('businessPartner', canonicalKey('businessPartner', partner))),
      );
      return records.every((record) => record !== undefined) || undefined;
    },
    { timeoutMs: 180_000, intervalMs: 1_000 },
  );

  const reads = odata.log
    .filter(({ url }) => partners.some((partner) => url.includes(`A_BusinessPartner('${partner}')`)))
    .map(({ at }) => at)
    .sort((a, b) => a - b);
  expect(reads).toHaveLength(partners.length);
  // The Temporal server hands out the SAP task queue's activities from a token bucket per task queue
  // partition (the dev server has 4), each holding one token: up to BURST reads may go at once, and beyond
  // that the rate holds. So any n reads within t seconds satisfy n <= RATE * t + BURST, t measured here at
  // the SAP request; 0.25 s allow for the way from the server's dispatch to the request.
  const BURST = 4;
  for (let i = 0; i < reads.length; i += 1) {
    for (let j = i + 1; j < reads.length; j += 1) {
      const seconds = (reads[j]! - reads[i]!) / 1000;
      expect(j - i + 1).toBeLessThanOrEqual(RATE * (seconds + 0.25) + BURST);
    }
  }
  // The limit really held them back: without it the 16 reads happen within a second (measured: about
  // 0.3 s); with it they span (16 - BURST) / RATE = 6 s, less the same 0.25 s allowance for the way from the
  // server's dispatch to the request (a run measured 5.963 s: the first read's request was the slower one).
  expect(reads[reads.length - 1]! - reads[0]!).toBeGreaterThanOrEqual(
    ((partners.length - BURST) / RATE - 0.25) * 1000,
  );
});
