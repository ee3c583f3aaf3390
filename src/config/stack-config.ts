import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { parseOrThrow, port } from './env';
import { readSetting, type SettingName } from './settings';

/** Settings of the embedded local stack (Temporal dev server, Kafka, moto), all on loopback. */
export interface StackConfig {
  host: string;
  stateDir: string;
  cacheDir: string;
  temporalPort: number;
  temporalUiPort: number;
  kafkaPort: number;
  kafkaControllerPort: number;
  awsPort: number;
  versions: { temporalCli: string; kafka: string; moto: string };
  readyTimeoutMs: number;
}

export const STACK_VERSIONS = { temporalCli: '1.5.1', kafka: '3.9.1', moto: '5.2.1' } as const;

const schema = z.object({
  stateDir: z.string().min(1),
  cacheDir: z.string().min(1),
  temporalPort: port,
  temporalUiPort: port,
  kafkaPort: port,
  kafkaControllerPort: port,
  awsPort: port,
  readyTimeoutMs: z.coerce.number().int().positive(),
});

/** Field to the variable it comes from, so that errors name the variable. */
const VARIABLES: Record<keyof z.infer<typeof schema>, SettingName> = {
  stateDir: 'SYNCHUB_STATE_DIR',
  cacheDir: 'SYNCHUB_CACHE_DIR',
  temporalPort: 'SYNCHUB_TEMPORAL_PORT',
  temporalUiPort: 'SYNCHUB_TEMPORAL_UI_PORT',
  kafkaPort: 'SYNCHUB_KAFKA_PORT',
  kafkaControllerPort: 'SYNCHUB_KAFKA_CONTROLLER_PORT',
  awsPort: 'SYNCHUB_AWS_PORT',
  readyTimeoutMs: 'SYNCHUB_STACK_READY_TIMEOUT_MS',
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
      kafkaPort: readSetting(env, 'SYNCHUB_KAFKA_PORT'),
      kafkaControllerPort: readSetting(env, 'SYNCHUB_KAFKA_CONTROLLER_PORT'),
      awsPort: readSetting(env, 'SYNCHUB_AWS_PORT'),
      readyTimeoutMs: readSetting(env, 'SYNCHUB_STACK_READY_TIMEOUT_MS'),
    },
    VARIABLES,
  );
  return { ...parsed, host: '127.0.0.1', versions: { ...STACK_VERSIONS } };
}
