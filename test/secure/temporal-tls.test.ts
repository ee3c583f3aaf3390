/**
 * TLS to Temporal with a private CA, mTLS and a server name override, on loopback. The dev server speaks only
 * plaintext, so a TLS-terminating proxy in front of it plays the TLS frontend (as a load balancer or Temporal's
 * own TLS listener would). Both TLS stacks are covered: the client's (grpc-js, Node TLS: ingester, commands)
 * and the worker's (Rust, rustls).
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { createRecordStore } from '../../src/adapters/record-store';
import { connectClient, connectWorker } from '../../src/clients/temporal';
import { loadConfig } from '../../src/config/app-config';
import { canonicalMaterialNumber } from '../../src/domain';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { runSynchub } from '../support/cli';
import { Harness } from '../support/harness';
import { randomMaterialNumber } from '../support/ids';
import { SupervisedProcess } from '../support/synchub-process';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates';
import { testStackEnv, TEST_STACK_ENV } from '../support/test-env';

jest.setTimeout(180_000);

/** A TLS frontend for the dev server: terminates TLS (optionally requiring a client certificate), pipes bytes. */
class TlsProxy {
  readonly handshakeErrors: string[] = [];
  readonly clients: string[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: tls.Server) {}

  static async start(options: { cert: string; key: string; ca?: string; requireClientCert: boolean }) {
    const server = tls.createServer({
      cert: fs.readFileSync(options.cert),
      key: fs.readFileSync(options.key),
      ...(options.ca ? { ca: [fs.readFileSync(options.ca)] } : {}),
      requestCert: options.requireClientCert,
      rejectUnauthorized: options.requireClientCert,
      ALPNProtocols: ['h2'],
      minVersion: 'TLSv1.2',
    });
    const proxy = new TlsProxy(server);
    server.on('tlsClientError', (error) => proxy.handshakeErrors.push(error.message));
    server.on('secureConnection', (client) => {
      const peer = client.getPeerCertificate();
      proxy.clients.push(peer && 'subject' in peer && peer.subject ? String(peer.subject.CN) : '(none)');
      const upstream = net.connect(Number(TEST_STACK_ENV.SYNCHUB_TEMPORAL_PORT), '127.0.0.1');
      for (const socket of [client, upstream]) {
        proxy.sockets.add(socket);
        socket.on('close', () => proxy.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get address(): string {
    return `127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let certs: TestCertificates;
let mtls: TlsProxy;
let named: TlsProxy;
let harness: Harness | undefined;
const processes: SupervisedProcess[] = [];

beforeAll(async () => {
  certs = makeTestCertificates();
  mtls = await TlsProxy.start({
    cert: certs.serverCert,
    key: certs.serverKey,
    ca: certs.caCert,
    requireClientCert: true,
  });
  named = await TlsProxy.start({
    cert: certs.namedServerCert,
    key: certs.namedServerKey,
    requireClientCert: false,
  });
});

afterAll(async () => {
  for (const child of processes) await child.stop();
  await harness?.close();
  await mtls?.close();
  await named?.close();
  certs?.remove();
});

/** The Temporal settings a process would read from this environment (the test stack's, with TLS on top). */
function temporalSettings(env: Record<string, string>) {
  return loadConfig(testStackEnv(env)).temporal;
}

/** What connecting with these settings ends in: 'connected', or the error message. */
async function connectOutcome(kind: 'client' | 'worker', env: Record<string, string>): Promise<string> {
  const settings = temporalSettings(env);
  try {
    if (kind === 'client') {
      const client = await connectClient(settings);
      try {
        await client.workflowService.getSystemInfo({});
      } finally {
        await client.connection.close();
      }
    } else {
      const connection = await connectWorker(settings);
      await connection.close();
    }
    return 'connected';
  } catch (error) {
    return (error as Error).message;
  }
}

const mtlsEnv = () => ({
  TEMPORAL_ADDRESS: mtls.address,
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.caCert,
  TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCert,
  TEMPORAL_TLS_CLIENT_KEY_PATH: certs.clientKey,
});

test('worker and ingester processes sync a material through a TLS frontend with a private CA and mTLS', async () => {
  harness = await Harness.create();
  const env = { ...harness.env, ...mtlsEnv() };
  // The settings turn TLS on by themselves.
  expect(temporalSettings(mtlsEnv()).tls).toBe(true);
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-tls-'));
  processes.push(new SupervisedProcess('worker', 'worker', env, logDir));
  processes.push(new SupervisedProcess('ingester', 'ingest', env, logDir));
  for (const child of processes) child.start();

  const matnr = randomMaterialNumber();
  const key = canonicalMaterialNumber(matnr);
  await harness.produce(materialIdoc({ matnr, docnum: 4_242 }), key);
  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  await waitFor('the material stored and published', async () => {
    const record = await store.get('material', key);
    return record?.publishedVersion !== undefined;
  });
  // Both processes came through the proxy, each with the client certificate; neither restarted.
  expect(mtls.clients.length).toBeGreaterThanOrEqual(2);
  expect(new Set(mtls.clients)).toEqual(new Set(['synchub-worker']));
  expect(processes.flatMap((child) => child.exits)).toEqual([]);
});

test('a frontend whose CA is not pinned is refused by client and worker, naming the setting', async () => {
  const untrusted =
    /TLS failed: self.signed certificate in certificate chain; .*set TEMPORAL_TLS_SERVER_CA_CERT_PATH/;
  const env = { ...mtlsEnv(), TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.otherCaCert };
  expect(await connectOutcome('client', env)).toMatch(untrusted);
  expect(await connectOutcome('worker', env)).toMatch(untrusted);
  const { TEMPORAL_TLS_SERVER_CA_CERT_PATH: _pinned, ...systemCas } = mtlsEnv();
  expect(await connectOutcome('client', systemCas)).toMatch(untrusted);
  // A process exits on it with that message instead of waiting.
  const worker = await runSynchub(['worker'], { env: testStackEnv(env), timeoutMs: 60_000 });
  expect(worker.code).not.toBe(0);
  expect(worker.stdout + worker.stderr).toMatch(untrusted);
});

test('without a client certificate the mTLS frontend refuses the handshake', async () => {
  const before = mtls.handshakeErrors.length;
  const refused =
    /TLS failed: the server ended the handshake: tlsv13 alert certificate required; .*set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH/;
  const env = { TEMPORAL_ADDRESS: mtls.address, TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.caCert };
  expect(await connectOutcome('client', env)).toMatch(refused);
  expect(await connectOutcome('worker', env)).toMatch(refused);
  expect(mtls.handshakeErrors.slice(before).join('\n')).toMatch(/peer did not return a certificate/);
});

test('a certificate for another name connects only with TEMPORAL_TLS_SERVER_NAME', async () => {
  const otherName =
    /TLS failed: Hostname\/IP does not match certificate's altnames.*set TEMPORAL_TLS_SERVER_NAME/;
  const env = { TEMPORAL_ADDRESS: named.address, TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.caCert };
  expect(await connectOutcome('client', env)).toMatch(otherName);
  expect(await connectOutcome('worker', env)).toMatch(otherName);
  const withName = { ...env, TEMPORAL_TLS_SERVER_NAME: 'temporal.test' };
  expect(await connectOutcome('client', withName)).toBe('connected');
  expect(await connectOutcome('worker', withName)).toBe('connected');
});
