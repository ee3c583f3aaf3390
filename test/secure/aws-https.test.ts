/**
 * AWS endpoints over https with a private CA (a VPC endpoint or proxy): an AWS emulator serving TLS with a
 * certificate from a CA made at test time. The SDK trusts it only through SYNCHUB_AWS_CA_PATH.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRecordStore } from '../../src/adapters/record-store';
import { createAwsClients, type AwsClients } from '../../src/clients/aws';
import { loadConfig } from '../../src/config/app-config';
import { ensureTable } from '../../src/provision/aws';
import { ensureMotoServer } from '../../src/stack/install';
import { stderrProgress } from '../../src/stack/progress';
import { freeLoopbackPort } from '../../src/workers/temporal-runtime';
import { waitFor } from '../../src/util/wait-for';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates';
import { testStackEnv } from '../support/test-env';

jest.setTimeout(120_000);

let certs: TestCertificates;
let emulator: ChildProcess | undefined;
let port: number;
const clients: AwsClients[] = [];

beforeAll(async () => {
  certs = makeTestCertificates();
  const motoServer = await ensureMotoServer(loadConfig(testStackEnv()).stack, stderrProgress);
  port = await freeLoopbackPort();
  emulator = spawn(
    motoServer,
    ['-H', '127.0.0.1', '-p', String(port), '-c', certs.serverCert, '-k', certs.serverKey],
    { stdio: 'ignore' },
  );
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  emulator?.kill('SIGKILL');
  certs?.remove();
});

/** AWS clients as a process with this environment builds them (the test stack's, pointed at the emulator). */
function awsFor(env: Record<string, string>): AwsClients {
  const config = loadConfig(testStackEnv({ SYNCHUB_LOCAL_STACK: 'false', ...env }));
  const aws = createAwsClients({
    ...config.aws,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  clients.push(aws);
  return aws;
}

const base = () => ({
  AWS_ENDPOINT_URL: `https://127.0.0.1:${port}`,
  SYNCHUB_SNS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:synchub-changes',
});

test('with SYNCHUB_AWS_CA_PATH the record store works over https; without it the certificate is refused', async () => {
  const trusted = awsFor({ ...base(), SYNCHUB_AWS_CA_PATH: certs.caCert });
  await waitFor(
    'the emulator to answer over https',
    async () => {
      await ensureTable(trusted, 'synchub-tls');
      return true;
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  const store = createRecordStore(trusted.documents, 'synchub-tls');
  expect(await store.get('material', '000000000000004711')).toBeUndefined();

  // The system CAs alone, or another private CA: the TLS handshake fails, naming the certificate.
  for (const env of [base(), { ...base(), SYNCHUB_AWS_CA_PATH: certs.otherCaCert }]) {
    const untrusted = createRecordStore(awsFor(env).documents, 'synchub-tls');
    await expect(untrusted.get('material', '000000000000004711')).rejects.toThrow(
      /unable to verify the first certificate|self.signed certificate/,
    );
  }
  // Plain http to the TLS port gets no answer it can use.
  const plain = createRecordStore(
    awsFor({ ...base(), AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, SYNCHUB_AWS_ALLOW_HTTP: 'true' })
      .documents,
    'synchub-tls',
  );
  await expect(plain.get('material', '000000000000004711')).rejects.toThrow();
});
