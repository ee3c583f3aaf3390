import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRecordStore } from '../../src/adapters/record-store';
import { DEFAULT_DOMAINS } from '../../src/config/domains';
import { transformDocument } from '../../src/domain';
import { waitFor } from '../../src/util/wait-for';
import { Harness } from '../support/harness';
import { withRandomKeys } from '../support/randomise-keys';

jest.setTimeout(120_000);

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'sap');
const IDOC_FIXTURES = fs
  .readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.xml') && !name.includes('malformed'))
  .sort();

let harness: Harness;
beforeAll(async () => {
  harness = await Harness.create();
  await harness.startWorker();
  await harness.startIngester();
});
afterAll(async () => {
  await harness.close();
});

test.each(IDOC_FIXTURES)('%s flows from Kafka to DynamoDB and every matching queue', async (fixture) => {
  const document = withRandomKeys(fs.readFileSync(path.join(FIXTURES, fixture), 'utf8'));
  const expected = transformDocument(document);
  expect(expected.length).toBeGreaterThan(0);
  const entityType = expected[0]!.entityType;
  await harness.produce(document, expected[0]!.entityKey, harness.config.kafka.topics[entityType]);

  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  for (const record of expected) {
    const stored = await waitFor(
      `${record.entityType} ${record.entityKey} published`,
      async () => {
        const item = await store.get(record.entityType, record.entityKey);
        return item?.publishedVersion === record.version ? item : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(stored).toMatchObject({
      entityType: record.entityType,
      entityKey: record.entityKey,
      version: record.version,
      changeType: record.changeType,
      deleted: record.deleted,
      source: record.source,
      data: record.data,
    });
  }

  for (const domain of DEFAULT_DOMAINS) {
    const subscribed = domain.entityTypes === 'all' || domain.entityTypes.includes(entityType);
    const received = (await harness.drainQueue(domain.name)).map((message) => message.attributes.dedupKey);
    for (const record of expected) {
      const dedupKey = `${record.entityType}#${record.entityKey}#${record.version}`;
      if (subscribed) expect(received).toContain(dedupKey);
      else expect(received).not.toContain(dedupKey);
    }
  }
});
