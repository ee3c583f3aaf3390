import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalMaterialNumber } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import {
  changeSignal,
  stateQuery,
  type ChangeSignal,
  type EntitySyncInput,
} from '../../src/workflows/messages';
import { SyncEntityKey, SyncEntityType, SyncSourceSystem } from '../../src/workflows/search-attributes';
import { idocChange } from '../support/change-signals';
import { runSynchub } from '../support/cli';
import { Harness, type QueueMessage } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';
import { startRelease01Worker } from '../support/release-0.1';

jest.setTimeout(240_000);

/** The installation's own sender becomes the default system; a second client is added beside it. */
const SYSTEMS = { SYNCHUB_SAP_SYSTEMS: 'ERP=S4HCLNT100,ERP2=ECCCLNT200', SYNCHUB_DEFAULT_SAP_SYSTEM: 'ERP' };

let harness: Harness;
let upgraded: Harness | undefined;
beforeEach(async () => {
  harness = await Harness.create({ env: { SYNCHUB_COALESCE: 'none' } });
});
afterEach(async () => {
  await upgraded?.stopProcesses();
  await harness.close();
});

const serial = (n: number) => `202612011100${String(n).padStart(2, '0')}`;

async function messagesFor(entityKey: string, count: number): Promise<QueueMessage[]> {
  const seen: QueueMessage[] = [];
  return waitFor(`${count} messages for ${entityKey}`, async () => {
    seen.push(
      ...(await harness.drainQueue('ecommerce')).filter((message) => message.body.entityKey === entityKey),
    );
    return seen.length >= count ? seen : undefined;
  });
}

test('an installation that synced under the unqualified IDs keeps its records and running workflows once systems are configured', async () => {
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table, { defaultSystem: 'ERP' });
  const topic = harness.config.kafka.topics.material;

  // A: started by release 0.1's workflow code, signalled as an ingester before SAP systems did (no system).
  const matnrA = randomMaterialNumber();
  const keyA = canonicalMaterialNumber(matnrA);
  const idA = entityWorkflowId('material', keyA);
  const old = await startRelease01Worker(harness);
  const first = idocChange(
    materialIdoc({ matnr: matnrA, docnum: 1, serial: serial(1), sender: 'S4HCLNT100' }),
  );
  const input: EntitySyncInput = { entityType: 'material', entityKey: keyA, idleTimeoutMs: 120_000 };
  await harness.client.workflow.signalWithStart<(input: EntitySyncInput) => Promise<unknown>, [ChangeSignal]>(
    'entitySync',
    {
      workflowId: idA,
      taskQueue: harness.config.temporal.taskQueue,
      args: [input],
      signal: changeSignal,
      signalArgs: [first.change],
      typedSearchAttributes: [
        { key: SyncEntityType, value: 'material' },
        { key: SyncEntityKey, value: keyA },
      ],
    },
  );
  await waitFor('A stored by release 0.1', async () => (await store.get('material', keyA))?.publishedVersion);
  const runA = (await harness.client.workflow.getHandle(idA).describe()).runId;
  await old.stop();

  // B: synced by this release with nothing configured: today's IDs, the default system `SAP`.
  await harness.startWorker();
  await harness.startIngester();
  const matnrB = randomMaterialNumber();
  const keyB = canonicalMaterialNumber(matnrB);
  const idB = entityWorkflowId('material', keyB);
  await harness.produce(
    materialIdoc({ matnr: matnrB, docnum: 2, serial: serial(2), sender: 'S4HCLNT100' }),
    keyB,
    topic,
  );
  await waitFor('B stored', async () => (await store.get('material', keyB))?.publishedVersion);
  const runB = (await harness.client.workflow.getHandle(idB).describe()).runId;
  expect(
    (await harness.client.workflow.getHandle(idB).describe()).typedSearchAttributes.get(SyncSourceSystem),
  ).toBe('SAP');
  await messagesFor(keyB, 1);
  await harness.stopProcesses();

  // The upgrade: the installation's sender is the default system ERP, a second client ERP2 comes in.
  upgraded = harness.reconfigured(SYSTEMS);
  await upgraded.startWorker();
  await upgraded.startIngester();

  // What was stored is served as it was, under the default system.
  for (const [matnr, version] of [
    [matnrA, `${serial(1)}.0000000000000001`],
    [matnrB, `${serial(2)}.0000000000000002`],
  ] as const) {
    const get = await runSynchub(['get', 'material', matnr], { env: upgraded.env });
    expect(get.stderr).toBe('');
    expect(JSON.parse(get.stdout)).toMatchObject({ version });
    const explicit = await runSynchub(['get', 'material', matnr, '--system', 'ERP'], { env: upgraded.env });
    expect(JSON.parse(explicit.stdout)).toMatchObject({ version });
  }

  // New versions from the installation's sender reach the same running workflows and records.
  await upgraded.produce(
    materialIdoc({ matnr: matnrA, docnum: 3, serial: serial(3), sender: 'S4HCLNT100' }),
    keyA,
    topic,
  );
  await upgraded.produce(
    materialIdoc({ matnr: matnrB, docnum: 4, serial: serial(4), sender: 'S4HCLNT100' }),
    keyB,
    topic,
  );
  // The second client's material with A's number is another entity.
  await upgraded.produce(
    materialIdoc({ matnr: matnrA, docnum: 5, serial: serial(5), sender: 'ECCCLNT200' }),
    keyA,
    topic,
  );

  const versionA = `${serial(3)}.0000000000000003`;
  const versionB = `${serial(4)}.0000000000000004`;
  await waitFor('A and B updated', async () => {
    const [a, b] = await Promise.all([store.get('material', keyA), store.get('material', keyB)]);
    return a?.publishedVersion === versionA && b?.publishedVersion === versionB;
  });
  expect(await store.get('material', keyA)).toMatchObject({ sourceSystem: 'ERP', version: versionA });
  expect(await store.get('material', keyB)).toMatchObject({ sourceSystem: 'ERP', version: versionB });
  expect((await store.history('material', keyA)).map((v) => v.version)).toEqual([
    `${serial(1)}.0000000000000001`,
    versionA,
  ]);
  const other = await waitFor('the ERP2 material', () => store.get('material', keyA, 'ERP2'));
  expect(other).toMatchObject({ sourceSystem: 'ERP2', version: `${serial(5)}.0000000000000005` });

  // The same runs carried on, without a failed workflow task; B shows the default system's new alias.
  for (const [id, run] of [
    [idA, runA],
    [idB, runB],
  ] as const) {
    const handle = harness.client.workflow.getHandle(id);
    expect((await handle.describe()).runId).toBe(run);
    const history = await handle.fetchHistory();
    expect(history.events?.filter((event) => event.workflowTaskFailedEventAttributes)).toEqual([]);
  }
  await waitFor('B shows SyncSourceSystem ERP', async () => {
    const description = await harness.client.workflow.getHandle(idB).describe();
    return description.typedSearchAttributes.get(SyncSourceSystem) === 'ERP' ? true : undefined;
  });
  expect((await harness.client.workflow.getHandle(idB).query(stateQuery)).sourceSystem).toBe('ERP');

  // Messages name the system; the default system's dedupKeys are unchanged.
  const messagesB = await messagesFor(keyB, 1);
  expect(messagesB.map((message) => [message.body.sourceSystem, message.attributes.dedupKey])).toEqual([
    ['ERP', `material#${keyB}#${versionB}`],
  ]);
});
