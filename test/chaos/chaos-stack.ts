import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/**
 * The chaos run's own stack: it kills and restarts Temporal, Kafka and the AWS emulator, so it never shares
 * the stack of the other test tiers or of `npm start`.
 */
export const CHAOS_STACK_ENV: Record<string, string> = {
  SYNCHUB_STATE_DIR: process.env.SYNCHUB_CHAOS_STATE_DIR ?? path.join(root, '.synchub', 'chaos-stack'),
  SYNCHUB_TEMPORAL_PORT: process.env.SYNCHUB_CHAOS_TEMPORAL_PORT ?? '37233',
  SYNCHUB_TEMPORAL_UI_PORT: process.env.SYNCHUB_CHAOS_TEMPORAL_UI_PORT ?? '38233',
  SYNCHUB_KAFKA_PORT: process.env.SYNCHUB_CHAOS_KAFKA_PORT ?? '39092',
  SYNCHUB_KAFKA_CONTROLLER_PORT: process.env.SYNCHUB_CHAOS_KAFKA_CONTROLLER_PORT ?? '39093',
  SYNCHUB_AWS_PORT: process.env.SYNCHUB_CHAOS_AWS_PORT ?? '34566',
  SYNCHUB_LOCAL_STACK: 'true',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
};

export function chaosEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...CHAOS_STACK_ENV, ...extra };
}

export const REPO_ROOT = root;
