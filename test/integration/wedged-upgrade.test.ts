import { createRecordStore } from '../../src/adapters/record-store';
import { findFailingTasks } from '../../src/cli/commands/check';
import { canonicalMaterialNumber, describeIdoc, splitIdocDocument } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { startRelease01Worker, type OldWorker } from '../support/release-0.1';
import { Harness } from '../support/harness';
import { temporalCli } from '../support/cli';
import { randomMaterialNumber } from '../support/ids';

jest.setTimeout(900_000);

const VERSIONS = 600;
/** Temporal's default gRPC message limit. */
const GRPC_LIMIT_BYTES = 4 * 1024 * 1024;

let harness: Harness;
let old: OldWorker | undefined;
beforeEach(async () => {
  harness = await Harness.create({ env: { SYNCHUB_COALESCE: 'none' } });
});
afterEach(async () => {
  await stopOld();
  await harness.close();
});

async function stopOld(): Promise<void> {
  await old?.stop();
  old = undefined;
}

const serial = (n: number) =>
  `2026113009${String(Math.floor(n / 60)).padStart(2, '0')}${String(n % 60).padStart(2, '0')}`;

interface Wedged {
  workflowId: string;
  runId: string;
  entityKey: string;
  lastVersion: string;
}

/**
 * Release 0.1 receives a burst of ordinary 7.7 KB documents faster than it applies them; the continue-as-new
 * that would carry the waiting ones exceeds Temporal's 4 MB message limit and its workflow task keeps failing.
 * Returns once `synchub failing-tasks`' check lists the run with that cause; 0.1's worker is stopped.
 */
async function wedgeUnderRelease01(): Promise<Wedged> {
  const matnr = randomMaterialNumber();
  const entityKey = canonicalMaterialNumber(matnr);
  const workflowId = entityWorkflowId('material', entityKey);
  const signal = harness.signaller();
  old = await startRelease01Worker(harness);
  const envelopes = Array.from({ length: VERSIONS }, (_, n) => {
    const [envelope] = splitIdocDocument(
      materialIdoc({ matnr, docnum: 40_000 + n, serial: serial(n), description: `wedge ${n}`, plants: 10 }),
    );
    return envelope!;
  });
  expect(Math.min(...envelopes.map((envelope) => Buffer.byteLength(envelope.xml)))).toBeGreaterThan(7_000);
  let lastVersion = '';
  for (let start = 0; start < VERSIONS; start += 50) {
    await Promise.all(
      envelopes.slice(start, start + 50).map(async (envelope) => {
        const ref = describeIdoc(envelope);
        await signal(ref, [
          {
            sourceId: ref.sourceId,
            version: ref.version,
            format: 'idoc',
            payload: envelope.xml,
            receivedAt: new Date().toISOString(),
          },
        ]);
        if (ref.version > lastVersion) lastVersion = ref.version;
      }),
    );
  }
  const [wedged] = await waitFor(
    'the 0.1 run wedged',
    async () => {
      const failing = await findFailingTasks(harness.client, `WorkflowId = '${workflowId}'`);
      return failing.length > 0 ? failing : undefined;
    },
    { timeoutMs: 300_000, intervalMs: 2_000 },
  );
  expect(wedged).toMatchObject({ workflowId, cause: 'GRPC_MESSAGE_TOO_LARGE' });
  const description = await harness.client.workflow.getHandle(workflowId).describe();
  expect(Number(description.raw.workflowExecutionInfo?.historySizeBytes)).toBeGreaterThan(GRPC_LIMIT_BYTES);
  await stopOld();
  return { workflowId, runId: wedged!.runId, entityKey, lastVersion };
}

/** Every version of the burst is stored, in the version history, and the last one is published. */
async function allApplied({ workflowId, entityKey, lastVersion }: Wedged): Promise<void> {
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  await waitFor(
    'every version stored and the last one published',
    async () => {
      for (const domain of Object.keys(harness.queues)) await harness.drainQueue(domain);
      const current = await store.get('material', entityKey);
      return current?.version === lastVersion && current.publishedVersion === lastVersion;
    },
    { timeoutMs: 600_000, intervalMs: 2_000 },
  );
  expect(await store.history('material', entityKey)).toHaveLength(VERSIONS);
  expect(await findFailingTasks(harness.client, `WorkflowId = '${workflowId}'`)).toEqual([]);
}

test('an entity wedged by release 0.1 recovers by the upgrade alone where Temporal retries the task', async () => {
  const wedged = await wedgeUnderRelease01();
  // The upgrade: the current worker takes the failing task over, replays the run and claim-checks the
  // waiting documents before it continues as new.
  await harness.startWorker();
  await allApplied(wedged);
});

test('an entity wedged by release 0.1 and terminated by Temporal recovers by a reset to its last good task', async () => {
  const wedged = await wedgeUnderRelease01();
  // Temporal 1.30 and later terminate a run whose task response is too large (the dev server here retries
  // it); the same state is made here by hand.
  await harness.client.workflow
    .getHandle(wedged.workflowId, wedged.runId)
    .terminate('workflow task response larger than the gRPC message limit');
  await harness.startWorker();
  // The runbook's procedure: reset the run to its last completed workflow task; the signals after it are
  // re-applied to the new run, which reaches the continue-as-new on the current code.
  await temporalCli(harness.config, [
    'workflow',
    'reset',
    '--workflow-id',
    wedged.workflowId,
    '--run-id',
    wedged.runId,
    '--type',
    'LastWorkflowTask',
    '--reason',
    'recover an entity wedged by release 0.1',
  ]);
  await allApplied(wedged);
});
