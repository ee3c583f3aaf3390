import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Browser, Page } from 'playwright-core';
import { createChangePublisher } from '../../src/adapters/change-publisher';
import { canonicalMaterialNumber } from '../../src/domain';
import { toolPaths } from '../../src/stack/install';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { launchChromium } from '../support/browser';
import { Harness } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';
import { TEST_STACK_ENV } from '../support/test-env';

jest.setTimeout(180_000);

const execFileAsync = promisify(execFile);

const WEB_UI = `http://127.0.0.1:${TEST_STACK_ENV.SYNCHUB_TEMPORAL_UI_PORT}`;
/** The README's screenshots are refreshed with SYNCHUB_UPDATE_SCREENSHOTS=1; other runs keep theirs aside. */
const SCREENSHOTS =
  process.env.SYNCHUB_UPDATE_SCREENSHOTS === '1'
    ? path.resolve(__dirname, '..', '..', 'docs')
    : path.join(TEST_STACK_ENV.SYNCHUB_STATE_DIR!, 'screenshots');
const UI_TIMEOUT_MS = 30_000;

let harness: Harness | undefined;
let browser: Browser | undefined;
let deadSns: SNSClient | undefined;
afterAll(async () => {
  await browser?.close();
  await harness?.close();
  deadSns?.destroy();
});

/** The real temporal CLI, asynchronously: the worker that answers the UI's queries runs in this process. */
async function listWorkflowIds(h: Harness, query: string): Promise<string[]> {
  const binary = toolPaths(h.config.stack).temporal;
  const args = [
    'workflow',
    'list',
    '--query',
    query,
    '--output',
    'json',
    '--address',
    h.config.temporal.address,
  ];
  try {
    const { stdout } = await execFileAsync(binary, args);
    const parsed = JSON.parse(stdout.trim() === '' ? '[]' : stdout) as {
      execution: { workflowId: string };
    }[];
    return parsed.map((entry) => entry.execution.workflowId).sort();
  } catch (error) {
    throw new Error(
      `temporal ${args.join(' ')} failed: ${(error as { stderr?: string }).stderr ?? String(error)}`,
    );
  }
}

/** Adds `<attribute> = <value>` with the workflow list's "Add Filter" control, as an operator would. */
async function addFilter(page: Page, attribute: string, value: string): Promise<void> {
  await page.getByTestId('add-filter-button').click();
  await page.getByTestId('filter-search').fill(attribute);
  await page.getByRole('menuitem', { name: `${attribute} Keyword`, exact: true }).click();
  await page.getByTestId(new RegExp(`^dropdown-filter-chip-${attribute}-\\d+-text$`)).fill(value);
  // An earlier filter's popover may still be closing: the newest Apply button is the last one.
  const apply = page.getByRole('button', { name: 'Apply', exact: true });
  await apply.last().click();
  await waitFor('filter popover closed', async () => (await apply.count()) === 0, { timeoutMs: 30_000 });
}

test('Web UI: stuck syncs filtered by SyncStatus, and a stuck sync shows its error', async () => {
  // Fail (not skip) without chromium, before spending a minute on making syncs stuck.
  browser = await launchChromium();

  harness = await Harness.create({
    env: { SYNCHUB_RETRY_BUDGET_MS: '4000', SYNCHUB_RETRYING_AFTER_MS: '1000' },
  });
  const h = harness;
  // A worker whose SNS is unreachable: every fan-out exhausts its retry budget and the syncs end Stuck.
  deadSns = new SNSClient({
    region: h.config.aws.region,
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  await h.startWorker({ publisher: createChangePublisher(deadSns, h.config.sync.snsTopicArn) });
  await h.startIngester();
  const ids: string[] = [];
  for (let i = 0; i < 2; i += 1) {
    const matnr = randomMaterialNumber();
    const key = canonicalMaterialNumber(matnr);
    ids.push(entityWorkflowId('material', key));
    await h.produce(materialIdoc({ matnr, docnum: 100 + i, serial: '20261121150000' }), key);
  }
  ids.sort();
  const taskQueue = h.config.temporal.taskQueue;
  const stuckQuery = `SyncStatus = "Stuck" AND TaskQueue = "${taskQueue}"`;
  await waitFor(
    'two stuck syncs in visibility',
    async () => (await listWorkflowIds(h, stuckQuery)).length === 2,
    {
      timeoutMs: 90_000,
      intervalMs: 1_000,
    },
  );
  expect(await listWorkflowIds(h, stuckQuery)).toEqual(ids);

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(UI_TIMEOUT_MS);

  // 1. The workflow list, filtered with the UI's own filter controls on the status search attribute (and on
  // this test's task queue, so syncs other tests left Stuck stay out of the picture).
  await page.goto(`${WEB_UI}/namespaces/default/workflows`);
  await addFilter(page, 'SyncStatus', 'Stuck');
  await addFilter(page, 'TaskQueue', taskQueue);
  // The filters end up in the URL, so the same view can be bookmarked or linked from an alert.
  await page.waitForURL((url) => /TaskQueue/.test(url.searchParams.get('query') ?? ''));
  expect(new URL(page.url()).searchParams.get('query')).toBe(
    `\`SyncStatus\`="Stuck" AND \`TaskQueue\`="${taskQueue}"`,
  );
  // Each row has a checkbox labelled with its workflow ID; the list refreshes after each filter is applied.
  const rows = page.getByRole('checkbox', { name: /^Select Workflow / });
  let listed: string[] = [];
  await waitFor(
    `the list to show exactly ${ids.join(', ')}`,
    async () => {
      const labels = await Promise.all((await rows.all()).map((row) => row.getAttribute('aria-label')));
      listed = labels.map((label) => (label ?? '').replace(/^Select Workflow /, '')).sort();
      return listed.join() === ids.join();
    },
    { timeoutMs: UI_TIMEOUT_MS },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; the list shows ${listed.join(', ') || 'nothing'}`);
  });
  for (const id of ids) await page.getByRole('link', { name: id, exact: true }).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'web-ui-stuck-syncs.png') });

  // 2. One of them: the search attributes name the failure type ...
  const [first] = ids;
  await page.getByRole('link', { name: first!, exact: true }).click();
  await page.waitForURL(new RegExp(`/workflows/${encodeURIComponent(first!)}/[^/]+/history`));
  await page.getByTestId('search-attributes-tab').click();
  await page.getByText('"SyncLastError": "RetryBudgetExhausted"').waitFor();
  await page.getByText('"SyncStatus": "Stuck"').waitFor();

  // ... and the `state` query (Queries tab, answered by this process's worker) has the stuck change with its
  // stage, failure type and message.
  await page.getByRole('tab', { name: /^Queries/ }).click();
  await page.getByTestId('query-select-button').click();
  await page.getByRole('option', { name: 'state', exact: true }).click();
  await page.getByRole('button', { name: 'Run Query' }).click();
  const result = page.getByTestId('query-result');
  for (const line of [
    '"status": "Stuck"',
    '"stage": "publish"',
    '"failureType": "RetryBudgetExhausted"',
    '"message": "publish kept failing until its retry budget ran out',
  ]) {
    await result.locator('.cm-line', { hasText: line }).first().waitFor();
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, 'web-ui-stuck-sync-detail.png') });
});
