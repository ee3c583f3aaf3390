import { randomBytes } from 'node:crypto';
import { payloadDecoder } from '../../src/clients/temporal';
import { createPayloadStore } from '../../src/adapters/payload-store';
import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalMaterialNumber } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { Harness } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';

jest.setTimeout(120_000);

let harness: Harness;
afterEach(async () => {
  await harness.close();
});

test('a document above the claim-check size travels by reference, never inside the workflow history', async () => {
  harness = await Harness.create({ env: { SYNCHUB_CLAIM_CHECK_BYTES: '1024' } });
  await harness.startWorker();
  await harness.startIngester();
  const matnr = randomMaterialNumber();
  const key = canonicalMaterialNumber(matnr);
  const description = `Claim-checked ${randomBytes(8).toString('hex')}`;
  const document = materialIdoc({ matnr, docnum: 42, serial: '20261121130000', description });
  expect(Buffer.byteLength(document)).toBeGreaterThan(1024);
  await harness.produce(document, key);

  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  const stored = await waitFor('claim-checked material stored', () => store.get('material', key), {
    timeoutMs: 30_000,
  });
  expect(JSON.stringify(stored.data)).toContain(description);

  const history = await harness.client.workflow.getHandle(entityWorkflowId('material', key)).fetchHistory();
  const signal = history.events?.find((event) => event.workflowExecutionSignaledEventAttributes);
  const [decoded] = await payloadDecoder(harness.config.temporal)([
    signal!.workflowExecutionSignaledEventAttributes!.input!.payloads![0]!,
  ]);
  const signalPayload = Buffer.from(decoded!.data!).toString('utf8');
  expect(signalPayload).toContain('"payloadRef"');
  expect(signalPayload).not.toContain(description);
  expect(signalPayload).not.toContain('<E1MARAM');
});

test('the payload store keeps a multi-megabyte document intact across chunks', async () => {
  harness = await Harness.create();
  const payloads = createPayloadStore(harness.aws.documents, harness.config.sync.table);
  // Random hex barely compresses, so this needs several chunks.
  const document = `<ORDERS05>${randomBytes(1_500_000).toString('hex')}</ORDERS05>`;
  const ref = await payloads.put(document);
  expect(ref.chunks).toBeGreaterThan(3);
  expect(ref.bytes).toBe(Buffer.byteLength(document));
  expect(await payloads.get(ref)).toBe(document);
  // Content-addressed: storing it again gives the same reference.
  expect(await payloads.put(document)).toEqual(ref);
});
