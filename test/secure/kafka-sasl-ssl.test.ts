import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  ResourcePatternTypes,
  logLevel,
  type LogEntry,
} from 'kafkajs';
import { createRecordStore } from '../../src/adapters/record-store';
import { createProducer, kafkaTls } from '../../src/clients/kafka';
import { loadConfig } from '../../src/config/app-config';
import { canonicalMaterialNumber } from '../../src/domain';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { StopWaiting, waitFor } from '../../src/util/wait-for';
import { kafkaReadiness } from '../../src/workers/compose';
import { runSynchub, type CliExit } from '../support/cli';
import { Harness } from '../support/harness';
import { randomId, randomMaterialNumber } from '../support/ids';
import { startSecureKafka, type SecureKafka } from '../support/secure-kafka';
import { SupervisedProcess } from '../support/synchub-process';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates';
import { testStackEnv } from '../support/test-env';

/**
 * SyncHub against a dedicated broker that speaks only SASL_SSL with SCRAM-SHA-512 to clients and enforces
 * ACLs: the real `synchub ingest` and `synchub worker` processes sync through it with the private CA pinned,
 * and every way of getting in without the right CA, password, principal or client certificate fails fast
 * with the error that names the reason.
 */
jest.setTimeout(120_000);

let certs: TestCertificates;
let broker: SecureKafka;
let harness: Harness;
let logDir: string;
/** Output of processes not run under a supervisor (the refused start). */
const capturedOutput: string[] = [];

/** The ACLs of the `synchub` principal: read the SAP topics, write the rejected topic, its own groups. */
async function grantSynchubAcls(rejectedTopic: string): Promise<void> {
  const admin = broker.client(broker.admin).admin();
  await admin.connect();
  const allow = {
    principal: `User:${broker.synchub.username}`,
    host: '*',
    permissionType: AclPermissionTypes.ALLOW,
  };
  const topic = { resourceType: AclResourceTypes.TOPIC };
  try {
    await admin.createAcls({
      acl: [
        ...[AclOperationTypes.READ, AclOperationTypes.DESCRIBE].map((operation) => ({
          ...allow,
          ...topic,
          resourceName: 'sap.',
          resourcePatternType: ResourcePatternTypes.PREFIXED,
          operation,
        })),
        ...[AclOperationTypes.WRITE, AclOperationTypes.DESCRIBE].map((operation) => ({
          ...allow,
          ...topic,
          resourceName: rejectedTopic,
          resourcePatternType: ResourcePatternTypes.LITERAL,
          operation,
        })),
        {
          ...allow,
          resourceType: AclResourceTypes.GROUP,
          resourceName: 'synchub-',
          resourcePatternType: ResourcePatternTypes.PREFIXED,
          operation: AclOperationTypes.READ,
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
}

/** How SyncHub is configured for the secure broker: only the KAFKA_* settings differ from the test stack. */
function secureEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...harness.env,
    KAFKA_BROKERS: broker.saslSslBroker,
    KAFKA_SSL_CA_PATH: certs.caCert,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: broker.synchub.username,
    KAFKA_SASL_PASSWORD: broker.synchub.password,
    // Everything the processes log is searched for the password.
    LOG_LEVEL: 'debug',
    ...extra,
  };
}

/** The last error a process logged (pino JSON, level 50 or above), or its last lines. */
function lastError(name: string): string {
  const lines = fs.readFileSync(path.join(logDir, `${name}.log`), 'utf8').split('\n');
  for (const line of [...lines].reverse()) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
    if ((entry.level ?? 0) >= 50) return `${entry.msg ?? ''} ${entry.err?.message ?? ''}`;
  }
  return lines.slice(-5).join('\n');
}

/** Runs `attempt`, expecting it to fail: the error, and how long it took to fail. */
async function failure(attempt: () => Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  try {
    await attempt();
  } catch (error) {
    return { error: error as Error, ms: Date.now() - started };
  }
  throw new Error('expected a failure, but it succeeded');
}

/** Connects as an admin and describes the cluster (the processes' readiness check). */
function connectAdmin(kafka: Kafka): Promise<void> {
  return kafkaReadiness(kafka)();
}

beforeAll(async () => {
  certs = makeTestCertificates();
  logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-secure-kafka-logs-'));
  // Both start together; whichever started is kept for afterAll even when the other failed.
  const [started, created] = await Promise.allSettled([
    startSecureKafka(loadConfig(testStackEnv()).stack, certs).then((kafka) => (broker = kafka)),
    Harness.create().then((created) => (harness = created)),
  ]);
  for (const outcome of [started, created]) if (outcome.status === 'rejected') throw outcome.reason;
  const { topics, rejectedTopic } = harness.config.kafka;
  await broker.createTopics([...Object.values(topics), rejectedTopic]);
  await grantSynchubAcls(rejectedTopic);
});

afterAll(async () => {
  await harness?.close();
  await broker?.stop();
  certs?.remove();
  if (logDir) fs.rmSync(logDir, { recursive: true, force: true });
});

test('synchub ingest and worker sync a material through SASL_SSL with SCRAM-SHA-512 and the CA pinned', async () => {
  const worker = new SupervisedProcess('worker', 'worker', secureEnv(), logDir);
  const ingest = new SupervisedProcess('ingest', 'ingest', secureEnv(), logDir);
  worker.start();
  ingest.start();
  try {
    const matnr = randomMaterialNumber();
    const key = canonicalMaterialNumber(matnr);
    const producer = createProducer(broker.client(broker.admin));
    await producer.connect();
    try {
      await producer.send({
        topic: harness.config.kafka.topics.material,
        acks: -1,
        messages: [{ key, value: materialIdoc({ matnr, docnum: 4242, description: 'Sealed valve' }) }],
      });
    } finally {
      await producer.disconnect();
    }

    const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
    const record = await waitFor(
      'the material stored',
      () => {
        // A process that cannot connect (TLS, SASL, ACLs) exits after its retries: no need to wait on.
        const crashed = [...ingest.unexpectedExits, ...worker.unexpectedExits][0];
        if (crashed) throw new StopWaiting(`${crashed.name} exited: ${lastError(crashed.name)}`);
        return store.get('material', key);
      },
      { timeoutMs: 60_000 },
    );
    expect(record).toMatchObject({ entityType: 'material', entityKey: key, changeType: 'upsert' });
    expect(JSON.stringify(record.data)).toContain('Sealed valve');
    const got = await runSynchub(['get', 'material', key], { env: harness.env, timeoutMs: 30_000 });
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ entityKey: key, version: record.version });

    // The record was produced only to the secure broker, and the ingester's group committed its offset there:
    // it was read through the SASL_SSL listener, the only one the broker offers clients.
    const admin = broker.client(broker.admin).admin();
    await admin.connect();
    try {
      const committed = await waitFor(
        'the ingester to commit on the secure broker',
        async () => {
          const [offsets] = await admin.fetchOffsets({
            groupId: harness.config.kafka.groupId,
            topics: [harness.config.kafka.topics.material],
          });
          const offset = offsets?.partitions[0]?.offset;
          return offset === '1' ? offset : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(committed).toBe('1');
    } finally {
      await admin.disconnect();
    }
    expect(fs.readFileSync(path.join(logDir, 'ingest.log'), 'utf8')).toContain('ingester consuming');
  } finally {
    await Promise.all([ingest.stop(), worker.stop()]);
  }
  expect([...ingest.unexpectedExits, ...worker.unexpectedExits]).toEqual([]);
});

test('a wrong password is refused by SASL authentication at once', async () => {
  const wrong = { username: broker.synchub.username, password: `${broker.synchub.password}-wrong` };
  const { error, ms } = await failure(() => connectAdmin(broker.client(wrong)));
  expect(error.name).toBe('KafkaJSSASLAuthenticationError');
  expect(error.message).toMatch(/SASL SCRAM SHA512 authentication failed.*invalid credentials/);
  expect(ms).toBeLessThan(5_000);
  // The same client with the right password gets in.
  await connectAdmin(broker.client(broker.synchub));
});

test('without the private CA the broker certificate does not verify', async () => {
  // KAFKA_SSL=true with no KAFKA_SSL_CA_PATH: the system CAs only.
  const systemCas = kafkaTls({ ssl: true });
  expect(systemCas).toBe(true);
  const noCa = await failure(() => connectAdmin(broker.client(broker.synchub, { ssl: systemCas })));
  expect(noCa.error.message).toMatch(/self-signed certificate in certificate chain|unable to verify/);
  expect(noCa.ms).toBeLessThan(5_000);

  const otherCa = await failure(() =>
    connectAdmin(
      broker.client(broker.synchub, {
        ssl: kafkaTls({ ssl: true, sslFiles: { caPath: certs.otherCaCert } }),
      }),
    ),
  );
  expect(otherCa.error.message).toMatch(/self-signed certificate in certificate chain|unable to verify/);

  await connectAdmin(
    broker.client(broker.synchub, { ssl: kafkaTls({ ssl: true, sslFiles: { caPath: certs.caCert } }) }),
  );
});

test('a plaintext client on the SASL_SSL port fails within its connection timeout', async () => {
  const connectionTimeout = 3_000;
  const plaintext = new Kafka({
    clientId: 'secure-test-plaintext',
    brokers: [broker.saslSslBroker],
    connectionTimeout,
    requestTimeout: connectionTimeout,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const { error, ms } = await failure(() => connectAdmin(plaintext));
  expect(error.message).toMatch(/Closed connection|Connection timeout|ECONNRESET/);
  expect(ms).toBeLessThan(connectionTimeout + 1_000);
});

test('the synchub principal may not produce to an SAP topic (only to the rejected topic)', async () => {
  const producer = broker.client(broker.synchub).producer();
  await producer.connect();
  try {
    const { error } = await failure(() =>
      producer.send({ topic: harness.config.kafka.topics.material, messages: [{ value: 'forged' }] }),
    );
    expect(error).toMatchObject({ name: 'KafkaJSProtocolError', type: 'TOPIC_AUTHORIZATION_FAILED' });
    // Its WRITE ACL on the rejected topic works: the refusal above is the ACL, not the connection.
    await producer.send({ topic: harness.config.kafka.rejectedTopic, messages: [{ value: 'control' }] });
  } finally {
    await producer.disconnect();
  }
});

test('the synchub principal may not use a consumer group outside synchub-*', async () => {
  const logs: LogEntry['log'][] = [];
  const consumer = broker.client(broker.synchub, { logs }).consumer({
    groupId: `other-${randomId()}`,
    retry: { retries: 0 },
  });
  const crashed = new Promise<Error>((resolve) =>
    consumer.on(consumer.events.CRASH, (event) => resolve(event.payload.error)),
  );
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [harness.config.kafka.topics.material] });
    await consumer.run({ eachMessage: async () => undefined });
    const error = await crashed;
    // kafkajs reports the coordinator lookup as not found; the broker's reason is in its debug log.
    expect(error.name).toBe('KafkaJSGroupCoordinatorNotFound');
    const refusals = logs.filter(
      (log) => (log.error as { type?: string } | undefined)?.type === 'GROUP_AUTHORIZATION_FAILED',
    );
    expect(refusals.length).toBeGreaterThan(0);
  } finally {
    await consumer.disconnect();
  }
});

test('mTLS: the listener requiring a client certificate admits one signed by the CA, and no client without', async () => {
  const withCertificate = kafkaTls({
    ssl: true,
    sslFiles: { caPath: certs.caCert, certPath: certs.clientCert, keyPath: certs.clientKey },
  });
  const admin = broker.client(broker.synchub, { broker: broker.mtlsBroker, ssl: withCertificate }).admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [harness.config.kafka.topics.material] });
    expect(metadata.topics[0]?.name).toBe(harness.config.kafka.topics.material);
  } finally {
    await admin.disconnect();
  }

  const withoutCertificate = kafkaTls({ ssl: true, sslFiles: { caPath: certs.caCert } });
  const { error, ms } = await failure(() =>
    connectAdmin(broker.client(broker.synchub, { broker: broker.mtlsBroker, ssl: withoutCertificate })),
  );
  expect(error.message).toMatch(/alert bad certificate|certificate required/);
  expect(ms).toBeLessThan(5_000);
});

test('synchub ingest refuses SASL without TLS to a broker that is not on loopback, naming KAFKA_SSL', async () => {
  const env = secureEnv({ KAFKA_BROKERS: 'kafka.example.test:9096', KAFKA_SSL: 'false' });
  delete env.KAFKA_SSL_CA_PATH;
  const refused: CliExit = await runSynchub(['ingest'], { env, timeoutMs: 30_000 });
  capturedOutput.push(refused.stdout, refused.stderr);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toMatch(/KAFKA_SSL\b/);
  expect(refused.stderr).toContain('SASL without TLS');
  // The same settings with TLS on are accepted.
  expect(() => loadConfig({ ...env, KAFKA_SSL: 'true' })).not.toThrow();
});

test('the SASL password never appears in what the processes logged', () => {
  const logs = fs.readdirSync(logDir).map((file) => fs.readFileSync(path.join(logDir, file), 'utf8'));
  // Both processes logged (at debug), and the refused start wrote its error.
  expect(logs).toHaveLength(2);
  const everything = [...logs, ...capturedOutput].join('\n');
  expect(everything).toContain('ingester consuming');
  expect(everything).toContain('KAFKA_SSL');
  for (const secret of [broker.synchub.password, broker.admin.password])
    expect(everything).not.toContain(secret);
});
