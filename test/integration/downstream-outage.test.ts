import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { createRecordStore } from '../../src/adapters/record-store';
import { loadConfig } from '../../src/config/app-config';
import { canonicalMaterialNumber } from '../../src/domain';
import { ensureMotoServer } from '../../src/stack/install';
import { stderrProgress } from '../../src/stack/progress';
import { httpOk } from '../../src/stack/readiness';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { stateQuery } from '../../src/workflows/messages';
import { Harness } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';
import { testStackEnv } from '../support/test-env';

jest.setTimeout(240_000);

const OUTAGE_MS = 30_000;
const ENTITIES = 8;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let moto: ChildProcess;
let harness: Harness;
afterAll(async () => {
  moto?.kill('SIGCONT');
  await harness?.close();
  moto?.kill('SIGKILL');
});

test('while the AWS services are down, syncs show Retrying, then complete by themselves with nothing lost', async () => {
  // This test's own emulator, so stopping it disturbs no other test.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const motoServer = await ensureMotoServer(loadConfig(testStackEnv()).stack, stderrProgress);
  moto = spawn(motoServer, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  await waitFor('dedicated moto', () => httpOk(`${url}/moto-api/`), { timeoutMs: 30_000 });
  harness = await Harness.create({ env: { AWS_ENDPOINT_URL: url, SYNCHUB_RETRYING_AFTER_MS: '2000' } });
  await harness.startWorker();
  await harness.startIngester();
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);

  const materials = Array.from({ length: ENTITIES }, () => randomMaterialNumber());
  const keys = materials.map(canonicalMaterialNumber);
  const version = (n: number, docnum: number) => `2026112116000${n}.${String(docnum).padStart(16, '0')}`;
  for (const [i, matnr] of materials.entries()) {
    await harness.produce(materialIdoc({ matnr, docnum: 1000 + i, serial: '20261121160001' }), keys[i]);
  }
  await waitFor(
    'first versions stored',
    async () => {
      const stored = await Promise.all(keys.map((key) => store.get('material', key)));
      return stored.every((record) => record?.publishedVersion);
    },
    { timeoutMs: 60_000 },
  );

  // Outage: the emulator stops answering (requests hang, as in a network partition).
  moto.kill('SIGSTOP');
  const stoppedAt = Date.now();
  for (const [i, matnr] of materials.entries()) {
    await harness.produce(materialIdoc({ matnr, docnum: 2000 + i, serial: '20261121160002' }), keys[i]);
  }
  const handle = harness.client.workflow.getHandle(entityWorkflowId('material', keys[0]!));
  await waitFor(
    'a sync showing Retrying',
    async () => (await handle.query(stateQuery)).status === 'Retrying',
    {
      timeoutMs: OUTAGE_MS,
    },
  );
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))));
  moto.kill('SIGCONT');

  await waitFor(
    'every entity at its newest version, published',
    async () => {
      const stored = await Promise.all(keys.map((key) => store.get('material', key)));
      return stored.every((record, i) => record?.publishedVersion === version(2, 2000 + i));
    },
    { timeoutMs: 120_000, intervalMs: 1_000 },
  );

  for (const [i, key] of keys.entries()) {
    const history = (await store.history('material', key)).map((record) => record.version);
    expect(history).toEqual([version(1, 1000 + i), version(2, 2000 + i)]);
    // The durable retry that replaced the timed-out attempt confirms the version at its next backoff step.
    const state = await waitFor(
      `${key} Synced`,
      async () => {
        const current = await harness.client.workflow
          .getHandle(entityWorkflowId('material', key))
          .query(stateQuery);
        return current.status === 'Retrying' ? undefined : current;
      },
      { timeoutMs: 90_000, intervalMs: 1_000 },
    );
    expect(state).toMatchObject({ status: 'Synced', counters: { applied: 2, stuck: 0 } });
  }
  // Delivery is at least once: after deduplication by (entity, version) every version arrived exactly once.
  const delivered = new Set(
    (await harness.drainQueue('ecommerce')).map((message) => message.attributes.dedupKey),
  );
  const expected = keys.flatMap((key, i) => [
    `material#${key}#${version(1, 1000 + i)}`,
    `material#${key}#${version(2, 2000 + i)}`,
  ]);
  expect([...delivered].sort()).toEqual(expected.sort());
});
