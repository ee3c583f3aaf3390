import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { parseOrThrow, port } from './env';
import { SETTINGS, readSetting, type SettingName } from './settings';

/** The AWS emulators the embedded stack can run (SNS, SQS and DynamoDB with Streams, in one process). */
export const EMULATORS_FOR_AWS = ['ministack', 'moto'] as const;
export type AwsEmulator = (typeof EMULATORS_FOR_AWS)[number];

/** Settings of the embedded local stack (Temporal dev server, Kafka, an AWS emulator), all on loopback. */
export interface StackConfig {
  host: string;
  stateDir: string;
  cacheDir: string;
  temporalPort: number;
  temporalUiPort: number;
  temporalMetricsPort: number;
  kafkaPort: number;
  kafkaControllerPort: number;
  awsPort: number;
  /** The stack's codec server, through which the Web UI and the `temporal` CLI read encrypted payloads. */
  codecPort: number;
  /** The local key ring: made with a random key the first time it is needed, never leaves the state dir. */
  codecKeysFile: string;
  awsEmulator: AwsEmulator;
  versions: { temporalCli: string; kafka: string; moto: string; ministack: string };
  readyTimeoutMs: number;
}

/**
 * The tested defaults. `SYNCHUB_TEMPORAL_CLI_VERSION` and `SYNCHUB_KAFKA_VERSION` pick another release (e.g. the
 * previous tested one, Kafka 3.9.1); the installer chooses the build recipe and Kafka files by version.
 */
export const STACK_VERSIONS = {
  temporalCli: SETTINGS.SYNCHUB_TEMPORAL_CLI_VERSION.default,
  kafka: SETTINGS.SYNCHUB_KAFKA_VERSION.default,
  moto: '5.2.1',
  ministack: '1.5.33',
} as const;

const releaseVersion = z
  .string()
  .regex(/^\d+\.\d+\.\d+$/, 'expected a release version such as 1.2.3 (no "v" prefix)');

/** Major, minor and patch of a release version (validated by the schema). */
export function versionParts(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  return [major, minor, patch];
}

/** Kafka lines whose jars, logging binding and broker settings the stack knows: KRaft from 3.3 on, and 4.x. */
function supportedKafka(version: string): boolean {
  const [major, minor] = versionParts(version);
  return (major === 3 && minor >= 3) || major === 4;
}

const schema = z.object({
  stateDir: z.string().min(1),
  cacheDir: z.string().min(1),
  temporalPort: port,
  temporalUiPort: port,
  temporalMetricsPort: port,
  kafkaPort: port,
  kafkaControllerPort: port,
  awsPort: port,
  codecPort: port,
  awsEmulator: z.enum(EMULATORS_FOR_AWS),
  readyTimeoutMs: z.coerce.number().int().positive(),
  versions: z.object({
    temporalCli: releaseVersion.refine((version) => versionParts(version)[0] >= 1, {
      message: 'expected a Temporal CLI release 1.0.0 or newer',
    }),
    kafka: releaseVersion.refine(supportedKafka, {
      message: 'expected an Apache Kafka release from 3.3.0 (KRaft) to 4.x',
    }),
    moto: releaseVersion,
    ministack: releaseVersion,
  }),
});

/** Field to the variable it comes from, so that errors name the variable. */
const VARIABLES: Record<string, SettingName> = {
  stateDir: 'SYNCHUB_STATE_DIR',
  cacheDir: 'SYNCHUB_CACHE_DIR',
  temporalPort: 'SYNCHUB_TEMPORAL_PORT',
  temporalUiPort: 'SYNCHUB_TEMPORAL_UI_PORT',
  temporalMetricsPort: 'SYNCHUB_TEMPORAL_METRICS_PORT',
  kafkaPort: 'SYNCHUB_KAFKA_PORT',
  kafkaControllerPort: 'SYNCHUB_KAFKA_CONTROLLER_PORT',
  awsPort: 'SYNCHUB_AWS_PORT',
  codecPort: 'SYNCHUB_CODEC_PORT',
  awsEmulator: 'SYNCHUB_AWS_EMULATOR',
  readyTimeoutMs: 'SYNCHUB_STACK_READY_TIMEOUT_MS',
  'versions.temporalCli': 'SYNCHUB_TEMPORAL_CLI_VERSION',
  'versions.kafka': 'SYNCHUB_KAFKA_VERSION',
};

export function loadStackConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): StackConfig {
  const parsed = parseOrThrow(
    schema,
    {
      stateDir: path.resolve(cwd, readSetting(env, 'SYNCHUB_STATE_DIR')),
      cacheDir: path.resolve(
        readSetting(env, 'SYNCHUB_CACHE_DIR') ?? path.join(os.homedir(), '.cache', 'synchub'),
      ),
      temporalPort: readSetting(env, 'SYNCHUB_TEMPORAL_PORT'),
      temporalUiPort: readSetting(env, 'SYNCHUB_TEMPORAL_UI_PORT'),
      temporalMetricsPort: readSetting(env, 'SYNCHUB_TEMPORAL_METRICS_PORT'),
      kafkaPort: readSetting(env, 'SYNCHUB_KAFKA_PORT'),
      kafkaControllerPort: readSetting(env, 'SYNCHUB_KAFKA_CONTROLLER_PORT'),
      awsPort: readSetting(env, 'SYNCHUB_AWS_PORT'),
      codecPort: readSetting(env, 'SYNCHUB_CODEC_PORT'),
      awsEmulator: readSetting(env, 'SYNCHUB_AWS_EMULATOR'),
      readyTimeoutMs: readSetting(env, 'SYNCHUB_STACK_READY_TIMEOUT_MS'),
      versions: {
        temporalCli: readSetting(env, 'SYNCHUB_TEMPORAL_CLI_VERSION'),
        kafka: readSetting(env, 'SYNCHUB_KAFKA_VERSION'),
        moto: STACK_VERSIONS.moto,
        ministack: STACK_VERSIONS.ministack,
      },
    },
    VARIABLES,
  );
  return { ...parsed, host: '127.0.0.1', codecKeysFile: path.join(parsed.stateDir, 'codec-keys') };
}
