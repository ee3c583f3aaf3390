import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSetting } from '../config/settings';
import type { StackConfig } from '../config/stack-config';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import type { InstalledTools } from './install';
import { isKafkaFormatted, kafkaDataMismatch, recordKafkaFormat, writeKafkaFiles } from './kafka-files';
import { runCommand } from './run-command';
import { httpOk, portOpen, temporalHealthy } from './readiness';
import { serviceProcess, startDetached, type ServiceProcess } from './processes';

/** Search attributes the entity workflows publish; Keyword slots (the dev server's SQLite has 10). */
export const STACK_SEARCH_ATTRIBUTES = SEARCH_ATTRIBUTES.map((key) => key.name);

export interface StackService {
  process: ServiceProcess;
  ports: number[];
  endpoint: string;
  ready(): Promise<boolean>;
  start(): Promise<void>;
  /** Runs once the service is ready, also when it was already running (e.g. to add what a newer version needs). */
  afterReady?(): Promise<void>;
}

async function ensureSearchAttributes(temporal: string, address: string, logFile: string): Promise<void> {
  const listed = spawnSync(temporal, ['operator', 'search-attribute', 'list', '--address', address], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  for (const name of STACK_SEARCH_ATTRIBUTES) {
    if (new RegExp(`\\b${name}\\b`).test(listed.stdout ?? '')) continue;
    await runCommand(
      temporal,
      ['operator', 'search-attribute', 'create', '--address', address, '--name', name, '--type', 'Keyword'],
      { logFile },
    );
  }
}

export function temporalService(config: StackConfig, tools: InstalledTools): StackService {
  const process = serviceProcess(config.stateDir, 'temporal');
  const address = `${config.host}:${config.temporalPort}`;
  return {
    process,
    ports: [config.temporalPort, config.temporalUiPort, config.temporalMetricsPort],
    endpoint: `${address} (Web UI http://${config.host}:${config.temporalUiPort}, metrics http://${config.host}:${config.temporalMetricsPort}/metrics)`,
    ready: async () => temporalHealthy(tools.temporal, address),
    // start-dev registers --search-attribute only on a new database; an existing one gets what is missing here.
    afterReady: () => ensureSearchAttributes(tools.temporal, address, process.logFile),
    async start() {
      const dbDir = path.join(config.stateDir, 'temporal');
      fs.mkdirSync(dbDir, { recursive: true });
      const args = [
        'server',
        'start-dev',
        '--ip',
        config.host,
        '--port',
        String(config.temporalPort),
        '--ui-port',
        String(config.temporalUiPort),
        '--metrics-port',
        String(config.temporalMetricsPort),
        '--db-filename',
        path.join(dbDir, 'temporal.db'),
        '--log-level',
        'warn',
        // WAL with synchronous=NORMAL: no fsync per commit (crash-safe for the database; a power cut may lose
        // the last moments of a local stack), several times the throughput on small machines.
        '--sqlite-pragma',
        'journal_mode=wal',
        '--sqlite-pragma',
        'synchronous=normal',
        ...STACK_SEARCH_ATTRIBUTES.flatMap((name) => ['--search-attribute', `${name}=Keyword`]),
        // The Web UI decodes encrypted payloads through the stack's codec server (from the browser).
        '--ui-codec-endpoint',
        codecUrl(config),
      ];
      startDetached(process, tools.temporal, args, { marker: path.join(dbDir, 'temporal.db') });
    },
  };
}

/**
 * A random cluster id as Kafka makes them (base64url of 16 bytes), never starting with "-": the storage tool
 * would read that as an option and refuse to format (one start in 64).
 */
export function kafkaClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export function kafkaService(config: StackConfig, tools: InstalledTools): StackService {
  const process = serviceProcess(config.stateDir, 'kafka');
  return {
    process,
    ports: [config.kafkaPort, config.kafkaControllerPort],
    endpoint: `${config.host}:${config.kafkaPort}`,
    ready: () => portOpen(config.host, config.kafkaPort),
    async start() {
      const mismatch = kafkaDataMismatch(config);
      if (mismatch) throw new Error(mismatch);
      const files = writeKafkaFiles(config);
      const classpath = `${tools.kafkaClasspath}/*`;
      const java = ['-Xms256m', '-Xmx512m', `-Dlog4j2.configurationFile=${files.log4j}`, '-cp', classpath];
      if (!isKafkaFormatted(config)) {
        await runCommand(
          'java',
          [...java, 'kafka.tools.StorageTool', 'format', '-t', kafkaClusterId(), '-c', files.properties],
          { logFile: process.logFile },
        );
        recordKafkaFormat(config);
      }
      startDetached(process, 'java', [...java, 'kafka.Kafka', files.properties], {
        marker: files.properties,
      });
    },
  };
}

/** MiniStack: SNS, SQS and DynamoDB (with Streams) in one process, in memory like moto. */
export function ministackService(config: StackConfig, tools: InstalledTools): StackService {
  const service = serviceProcess(config.stateDir, 'ministack');
  const url = `http://${config.host}:${config.awsPort}`;
  return {
    process: service,
    ports: [config.awsPort],
    endpoint: url,
    ready: () => httpOk(`${url}/_ministack/health`),
    async start() {
      // The ASGI app under hypercorn, as MiniStack's own detached mode runs it, in the foreground of a
      // process the stack tracks (no pid files of its own in /tmp).
      const bind = `${config.host}:${config.awsPort}`;
      const args = ['-m', 'hypercorn', 'ministack.app:app', '--bind', bind, '--log-level', 'WARNING'];
      startDetached(service, tools.ministack, [...args, '--keep-alive', '75'], {
        marker: `--bind ${bind}`,
        env: {
          ...process.env,
          GATEWAY_PORT: String(config.awsPort),
          MINISTACK_HOST: config.host,
          // The account moto uses, which the local topic ARN names (LOCAL_ACCOUNT_ID).
          MINISTACK_ACCOUNT_ID: '123456789012',
          SERVICES: 'dynamodb,dynamodbstreams,sns,sqs',
          LOG_LEVEL: 'WARNING',
        },
      });
    },
  };
}

/** The stack's AWS emulator, as configured. */
export function awsService(config: StackConfig, tools: InstalledTools): StackService {
  return config.awsEmulator === 'moto' ? motoService(config, tools) : ministackService(config, tools);
}

export function motoService(config: StackConfig, tools: InstalledTools): StackService {
  const process = serviceProcess(config.stateDir, 'moto');
  const url = `http://${config.host}:${config.awsPort}`;
  return {
    process,
    ports: [config.awsPort],
    endpoint: url,
    ready: () => httpOk(`${url}/moto-api/`),
    async start() {
      startDetached(process, tools.motoServer, ['-H', config.host, '-p', String(config.awsPort)], {
        marker: `-p ${config.awsPort}`,
      });
    },
  };
}

function codecUrl(config: StackConfig): string {
  return `http://${config.host}:${config.codecPort}`;
}

/** The `synchub` command of this installation (from `src/stack` or `dist/src/stack`). */
function synchubBin(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const bin = path.join(dir, 'bin', 'synchub.js');
    if (fs.existsSync(bin) && fs.existsSync(path.join(dir, 'package.json'))) return bin;
  }
  throw new Error(`cannot find bin/synchub.js above ${__dirname}`);
}

/**
 * The environment of the stack's codec server: the stack's ports and state, and the keys configured. With
 * encryption turned off (`SYNCHUB_CODEC_KEYS=off`) it still runs, on the stack's own key ring: payloads
 * written encrypted before stay readable, unencrypted ones pass through.
 */
export function codecServerEnv(config: StackConfig, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    ...(readSetting(env, 'SYNCHUB_CODEC_KEYS') === 'off' ? { SYNCHUB_CODEC_KEYS: '' } : {}),
    SYNCHUB_LOCAL_STACK: 'true',
    SYNCHUB_STATE_DIR: config.stateDir,
    SYNCHUB_TEMPORAL_UI_PORT: String(config.temporalUiPort),
    SYNCHUB_CODEC_PORT: String(config.codecPort),
    SYNCHUB_CODEC_HOST: config.host,
    SYNCHUB_LOG_FORMAT: 'json',
  };
}

/**
 * SyncHub's codec server on the stack's key ring (or the keys configured), on loopback: the Web UI and the
 * `temporal` CLI (`--codec-endpoint`) show encrypted payloads decoded through it.
 */
export function codecService(config: StackConfig): StackService {
  const service = serviceProcess(config.stateDir, 'codec');
  const url = codecUrl(config);
  return {
    process: service,
    ports: [config.codecPort],
    endpoint: url,
    ready: () => httpOk(`${url}/healthz`),
    async start() {
      const bin = synchubBin();
      startDetached(service, process.execPath, [bin, 'codec-server'], {
        marker: `${bin} codec-server`,
        env: codecServerEnv(config, process.env),
      });
    },
  };
}
