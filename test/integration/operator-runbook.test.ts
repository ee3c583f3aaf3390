import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SNSClient } from '@aws-sdk/client-sns';
import { createChangePublisher } from '../../src/adapters/change-publisher';
import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalMaterialNumber } from '../../src/domain';
import { toolPaths } from '../../src/stack/install';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { operatorCliEnv } from '../support/cli';
import { Harness } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';

jest.setTimeout(180_000);

const execFileAsync = promisify(execFile);

let harness: Harness;
afterAll(async () => {
  await harness.close();
});

/**
 * Runs the real temporal CLI against the test stack, as an operator would. Asynchronously: the worker that
 * answers queries runs in this process.
 */
async function temporal(args: string[]): Promise<string> {
  const binary = toolPaths(harness.config.stack).temporal;
  try {
    const { stdout } = await execFileAsync(binary, [...args, '--address', harness.config.temporal.address], {
      env: operatorCliEnv(harness.config),
    });
    return stdout;
  } catch (error) {
    throw new Error(
      `temporal ${args.join(' ')} failed: ${(error as { stderr?: string }).stderr ?? String(error)}`,
    );
  }
}

async function listWorkflowIds(query: string): Promise<string[]> {
  const output = await temporal(['workflow', 'list', '--query', query, '--output', 'json']);
  const parsed = JSON.parse(output.trim() === '' ? '[]' : output) as { execution: { workflowId: string } }[];
  return parsed.map((entry) => entry.execution.workflowId).sort();
}

test('runbook: find stuck syncs, inspect one, retry one, retry the rest in one batch', async () => {
  harness = await Harness.create({
    env: { SYNCHUB_RETRY_BUDGET_MS: '4000', SYNCHUB_RETRYING_AFTER_MS: '1000' },
  });
  // A worker whose SNS is unreachable: every fan-out exhausts its retry budget and the syncs end Stuck.
  const deadSns = new SNSClient({
    region: harness.config.aws.region,
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const broken = await harness.startWorker({
    publisher: createChangePublisher(deadSns, harness.config.sync.snsTopicArn),
  });
  await harness.startIngester();
  const keys: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    const matnr = randomMaterialNumber();
    keys.push(canonicalMaterialNumber(matnr));
    await harness.produce(materialIdoc({ matnr, docnum: 100 + i, serial: '20261121150000' }), keys[i]);
  }
  const ids = keys.map((key) => entityWorkflowId('material', key)).sort();
  const stuckQuery = `SyncStatus = "Stuck" AND TaskQueue = "${harness.config.temporal.taskQueue}"`;

  // 1. List stuck syncs.
  await waitFor(
    'three stuck syncs in visibility',
    async () => (await listWorkflowIds(stuckQuery)).length === 3,
    {
      timeoutMs: 90_000,
      intervalMs: 1_000,
    },
  );
  expect(await listWorkflowIds(stuckQuery)).toEqual(ids);
  expect(await listWorkflowIds(`${stuckQuery} AND SyncLastError = "RetryBudgetExhausted"`)).toEqual(ids);

  // 2. Describe one and 3. query its state.
  const [first, ...rest] = ids;
  const described = await temporal(['workflow', 'describe', '--workflow-id', first!]);
  expect(described).toMatch(/SyncStatus:.*Stuck/s);
  expect(described).toMatch(/SyncLastError:.*RetryBudgetExhausted/s);
  const state = JSON.parse(
    await temporal(['workflow', 'query', '--workflow-id', first!, '--type', 'state', '--output', 'json']),
  ) as { queryResult: [{ status: string; stuck: { stage: string; failureType: string } }] };
  expect(state.queryResult[0]).toMatchObject({
    status: 'Stuck',
    stuck: { stage: 'publish', failureType: 'RetryBudgetExhausted' },
  });
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  const firstKey = first!.split(':')[1]!;
  expect((await store.get('material', firstKey))?.fanOutError).toMatch(/RetryBudgetExhausted/);

  // SNS is back: a healthy worker replaces the broken one.
  broken.shutdown();
  await harness.startWorker();

  // 4. Retry one.
  await temporal([
    'workflow',
    'signal',
    '--workflow-id',
    first!,
    '--name',
    'retry',
    '--input',
    '{"by":"runbook"}',
  ]);
  await waitFor(
    'first sync published',
    async () => (await store.get('material', firstKey))?.publishedVersion,
    {
      timeoutMs: 60_000,
    },
  );

  // 5. Retry all the remaining stuck material syncs in a single batch command.
  await temporal([
    'workflow',
    'signal',
    '--query',
    `${stuckQuery} AND SyncEntityType = "material"`,
    '--name',
    'retry',
    '--reason',
    'SNS restored',
    '--yes',
  ]);
  for (const id of rest) {
    const key = id.split(':')[1]!;
    await waitFor(`${id} published`, async () => (await store.get('material', key))?.publishedVersion, {
      timeoutMs: 60_000,
    });
  }
  await waitFor('no stuck syncs left', async () => (await listWorkflowIds(stuckQuery)).length === 0, {
    timeoutMs: 30_000,
    intervalMs: 1_000,
  });
  const delivered = (await harness.drainQueue('ecommerce')).map((message) => message.body.entityKey).sort();
  expect(delivered).toEqual([...keys].sort());
  for (const key of keys) expect((await store.get('material', key))?.fanOutError).toBeUndefined();
  deadSns.destroy();
});
