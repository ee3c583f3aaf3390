import * as path from 'node:path';
import { ownStackEnv } from '../support/test-env';

const root = path.resolve(__dirname, '..', '..');

/**
 * The chaos run's own stack: it kills and restarts Temporal, Kafka and the AWS emulator, so it never shares
 * the stack of the other test tiers or of `npm start`. Its ports sit below Linux's ephemeral range
 * (32768–60999), where an outgoing connection could hold one of them by chance.
 */
export const CHAOS_STACK_ENV: Record<string, string> = {
  ...ownStackEnv('SYNCHUB_CHAOS_', {
    stateDir: path.join(root, '.synchub', 'chaos-stack'),
    temporal: 27233,
    temporalUi: 28233,
    temporalMetrics: 28234,
    kafka: 29092,
    kafkaController: 29093,
    aws: 24566,
    codec: 28235,
  }),
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
};

export function chaosEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...CHAOS_STACK_ENV, ...extra };
}

export const REPO_ROOT = root;
