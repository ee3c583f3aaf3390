/**
 * The embedded stack encrypts payloads with its own key ring and starts the Web UI with the stack's codec
 * server: a browser shows a customer's document decoded, while the history itself holds none of it readable.
 */
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Browser } from 'playwright-core';
import { transformDocument } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { waitFor } from '../../src/util/wait-for';
import { stateQuery } from '../../src/workflows/messages';
import { launchChromium } from '../support/browser';
import { Harness } from '../support/harness';
import { customerDocument, personalMarkers } from '../support/personal-markers';
import { TEST_STACK_ENV } from '../support/test-env';

jest.setTimeout(180_000);

const WEB_UI = `http://127.0.0.1:${TEST_STACK_ENV.SYNCHUB_TEMPORAL_UI_PORT}`;
const SCREENSHOTS =
  process.env.SYNCHUB_UPDATE_SCREENSHOTS === '1'
    ? path.resolve(__dirname, '..', '..', 'docs')
    : path.join(TEST_STACK_ENV.SYNCHUB_STATE_DIR!, 'screenshots');

let harness: Harness | undefined;
let browser: Browser | undefined;
let plainClient: Client | undefined;
afterAll(async () => {
  await browser?.close();
  await plainClient?.connection.close();
  await harness?.close();
});

test("Web UI: a customer's encrypted document is shown decoded through the stack's codec server", async () => {
  browser = await launchChromium();
  // The stack's defaults: no keys configured, so the stack's own key ring encrypts.
  harness = await Harness.create();
  const h = harness;
  expect(h.config.temporal.codecKeys).toEqual({ file: h.config.stack.codecKeysFile, generate: true });
  await h.startWorker();
  await h.startIngester();

  const personal = personalMarkers();
  const document = customerDocument(personal);
  const [record] = transformDocument(document);
  const workflowId = entityWorkflowId('customer', record!.entityKey);
  await h.produce(document, record!.entityKey, h.config.kafka.topics.customer);
  await waitFor('the customer synced', async () => {
    const state = await h.client.workflow.getHandle(workflowId).query(stateQuery);
    return state.counters.applied === 1;
  });

  // Without the codec (as Temporal stores it) the history holds none of the personal data ...
  const connection = await Connection.connect({ address: h.config.temporal.address });
  plainClient = new Client({ connection, namespace: h.config.temporal.namespace });
  const history = await plainClient.workflow.getHandle(workflowId).fetchHistory();
  const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
  for (const value of Object.values(personal)) expect(bytes.includes(Buffer.from(value))).toBe(false);

  // ... and the Web UI, which holds no key, shows it decoded: its browser asked the codec server.
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(30_000);
  const decodeCalls: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/decode')) decodeCalls.push(request.url());
  });
  await page.goto(`${WEB_UI}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`);
  // The workflow's input (encrypted like every payload) is shown decoded ...
  await page.getByText(`"entityKey": "${record!.entityKey}"`).first().waitFor();
  // ... and so is the change signal: in the timeline, its event opens the SAP document.
  await page.getByText('change', { exact: true }).filter({ visible: true }).first().click();
  // The editor renders only the lines in view: scroll through the document as a reader would.
  for (const line of [`<NAME1>${personal.name}</NAME1>`, `<IBAN>${personal.iban}</IBAN>`]) {
    await waitFor(
      `${line} shown`,
      async () => {
        if ((await page.locator('.cm-line', { hasText: line }).count()) > 0) return true;
        // The signal's document is the last editor on the page.
        await page.locator('.cm-scroller').last().hover();
        await page.mouse.wheel(0, 150);
        return false;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  }
  expect(decodeCalls.length).toBeGreaterThan(0);
  expect(new Set(decodeCalls.map((url) => new URL(url).origin))).toEqual(
    new Set([`http://127.0.0.1:${h.config.stack.codecPort}`]),
  );
  await page
    .locator('.cm-line', { hasText: `<IBAN>${personal.iban}</IBAN>` })
    .first()
    .scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'web-ui-decoded-customer.png') });
});
