import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel, type ITopicConfig, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { StackConfig } from '../../src/config/stack-config';
import { toolPaths } from '../../src/stack/install';
import { kafkaLog4jProperties, singleNodeKafkaSettings } from '../../src/stack/kafka-files';
import { kafkaClusterId } from '../../src/stack/services';
import { StopWaiting, waitFor } from '../../src/util/wait-for';
import type { TestCertificates } from './test-certificates';

const execFileAsync = promisify(execFile);

export interface ScramUser {
  username: string;
  password: string;
}

export interface ClientOptions {
  broker?: string;
  ssl?: KafkaConfig['ssl'];
  logs?: LogEntry['log'][];
}

/** A dedicated broker whose clients must use TLS and SCRAM-SHA-512, with ACLs enforced. */
export interface SecureKafka {
  /** `127.0.0.1:<port>` of the SASL_SSL listener (server certificate only). */
  saslSslBroker: string;
  /** `127.0.0.1:<port>` of a second SASL_SSL listener that also requires a client certificate (mTLS). */
  mtlsBroker: string;
  /** Superuser, for topics and ACLs. */
  admin: ScramUser;
  /** The principal SyncHub runs as; has only the ACLs a test grants it. */
  synchub: ScramUser;
  stateDir: string;
  logFile: string;
  /**
   * Kafka client as `user` over the SASL_SSL listener with the test CA pinned, failing fast (no retries).
   * `logs` collects what kafkajs logs, debug included.
   */
  client(user: ScramUser, options?: ClientOptions): Kafka;
  createTopics(topics: string[]): Promise<void>;
  stop(): Promise<void>;
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/**
 * Listeners: SASL_SSL for clients (PKCS#12 keystore from the test CA), MTLS (SASL_SSL plus a required client
 * certificate, truststore = the test CA as PEM), and PLAINTEXT INTERNAL and CONTROLLER for the broker itself,
 * whose principal is ANONYMOUS and therefore a superuser.
 */
function serverProperties(
  stack: StackConfig,
  dirs: { data: string },
  certs: TestCertificates,
  ports: { sasl: number; mtls: number; internal: number; controller: number },
): string {
  const tls = (listener: string) => [
    `listener.name.${listener}.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
    `listener.name.${listener}.ssl.keystore.type=PKCS12`,
    `listener.name.${listener}.ssl.keystore.location=${certs.serverP12}`,
    `listener.name.${listener}.ssl.keystore.password=${certs.p12Password}`,
  ];
  return [
    `listeners=SASL_SSL://127.0.0.1:${ports.sasl},MTLS://127.0.0.1:${ports.mtls},INTERNAL://127.0.0.1:${ports.internal},CONTROLLER://127.0.0.1:${ports.controller}`,
    `advertised.listeners=SASL_SSL://127.0.0.1:${ports.sasl},MTLS://127.0.0.1:${ports.mtls},INTERNAL://127.0.0.1:${ports.internal}`,
    'listener.security.protocol.map=SASL_SSL:SASL_SSL,MTLS:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=INTERNAL',
    ...singleNodeKafkaSettings({
      kafkaVersion: stack.versions.kafka,
      dataDir: dirs.data,
      controllerAddress: `127.0.0.1:${ports.controller}`,
    }),
    'num.partitions=1',
    'offsets.topic.num.partitions=1',
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    ...tls('sasl_ssl'),
    ...tls('mtls'),
    'listener.name.mtls.ssl.client.auth=required',
    'listener.name.mtls.ssl.truststore.type=PEM',
    `listener.name.mtls.ssl.truststore.location=${certs.caCert}`,
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users=User:admin;User:ANONYMOUS',
    'allow.everyone.if.no.acl.found=false',
    '',
  ].join('\n');
}

/**
 * Formats and starts a single-node KRaft broker from the stack's cached Kafka jars, on free ports with its own
 * temporary state directory and a 512 MB heap. The SCRAM users `admin` and `synchub` are written into the
 * bootstrap metadata at format time (`--add-scram`, KIP-900), with random passwords. Resolves once `admin`
 * can log in over SASL_SSL, which also proves the credentials were written.
 */
export async function startSecureKafka(stack: StackConfig, certs: TestCertificates): Promise<SecureKafka> {
  const classpath = toolPaths(stack).kafkaClasspath;
  if (!fs.existsSync(classpath))
    throw new Error(
      `Kafka ${stack.versions.kafka} is not installed at ${classpath} (the test stack installs it)`,
    );
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-secure-kafka-'));
  const dirs = { data: path.join(stateDir, 'data') };
  const propertiesFile = path.join(stateDir, 'server.properties');
  const log4jFile = path.join(stateDir, 'log4j2.properties');
  const logFile = path.join(stateDir, 'broker.log');
  const [sasl, mtls, internal, controller] = (await freePorts(4)) as [number, number, number, number];
  fs.writeFileSync(
    propertiesFile,
    serverProperties(stack, dirs, certs, { sasl, mtls, internal, controller }),
  );
  fs.writeFileSync(log4jFile, kafkaLog4jProperties);
  const admin = { username: 'admin', password: randomBytes(18).toString('base64url') };
  const synchub = { username: 'synchub', password: randomBytes(18).toString('base64url') };
  const java = ['-Xms256m', '-Xmx512m', `-Dlog4j2.configurationFile=${log4jFile}`, '-cp', `${classpath}/*`];
  const scram = (user: ScramUser) => `SCRAM-SHA-512=[name=${user.username},password=${user.password}]`;
  await execFileAsync(
    'java',
    [...java, 'kafka.tools.StorageTool', 'format', '-t', kafkaClusterId(), '-c', propertiesFile].concat([
      '--add-scram',
      scram(admin),
      '--add-scram',
      scram(synchub),
    ]),
    { timeout: 60_000 },
  );

  const log = fs.openSync(logFile, 'a');
  const broker: ChildProcess = spawn('java', [...java, 'kafka.Kafka', propertiesFile], {
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => broker.once('exit', () => resolve()));

  const client = (user: ScramUser, options: ClientOptions = {}) =>
    new Kafka({
      clientId: `secure-test-${user.username}`,
      brokers: [options.broker ?? `127.0.0.1:${sasl}`],
      ssl: options.ssl ?? { ca: [fs.readFileSync(certs.caCert, 'utf8')] },
      sasl: { mechanism: 'scram-sha-512', ...user },
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      retry: { retries: 0 },
      logLevel: options.logs ? logLevel.DEBUG : logLevel.NOTHING,
      ...(options.logs ? { logCreator: () => (entry: LogEntry) => options.logs?.push(entry.log) } : {}),
    });

  const stop = async () => {
    if (broker.exitCode === null && broker.signalCode === null) {
      broker.kill('SIGKILL');
      await exited;
    }
    fs.rmSync(stateDir, { recursive: true, force: true });
  };

  try {
    await waitFor(
      'the secure broker to accept admin over SASL_SSL',
      async () => {
        if (broker.exitCode !== null)
          throw new StopWaiting(`broker exited: ${fs.readFileSync(logFile, 'utf8')}`);
        const probe = client(admin).admin();
        await probe.connect();
        try {
          await probe.describeCluster();
          return true;
        } finally {
          await probe.disconnect();
        }
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    saslSslBroker: `127.0.0.1:${sasl}`,
    mtlsBroker: `127.0.0.1:${mtls}`,
    admin,
    synchub,
    stateDir,
    logFile,
    client,
    async createTopics(topics) {
      const kafkaAdmin = client(admin).admin();
      await kafkaAdmin.connect();
      try {
        const config: ITopicConfig[] = topics.map((topic) => ({ topic, numPartitions: 1 }));
        await kafkaAdmin.createTopics({ topics: config, waitForLeaders: true });
      } finally {
        await kafkaAdmin.disconnect();
      }
    },
    stop,
  };
}
