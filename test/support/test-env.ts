import * as path from 'node:path';

/**
 * Environment of a stack of our own: state and ports from `<prefix>STATE_DIR`, `<prefix>TEMPORAL_PORT`, ...
 * when set, else the given defaults.
 */
export function ownStackEnv(
  prefix: string,
  defaults: {
    stateDir: string;
    temporal: number;
    temporalUi: number;
    temporalMetrics: number;
    kafka: number;
    kafkaController: number;
    aws: number;
    codec: number;
  },
): Record<string, string> {
  const value = (name: string, fallback: string | number) =>
    process.env[`${prefix}${name}`] ?? String(fallback);
  return {
    SYNCHUB_STATE_DIR: value('STATE_DIR', defaults.stateDir),
    SYNCHUB_TEMPORAL_PORT: value('TEMPORAL_PORT', defaults.temporal),
    SYNCHUB_TEMPORAL_UI_PORT: value('TEMPORAL_UI_PORT', defaults.temporalUi),
    SYNCHUB_TEMPORAL_METRICS_PORT: value('TEMPORAL_METRICS_PORT', defaults.temporalMetrics),
    SYNCHUB_KAFKA_PORT: value('KAFKA_PORT', defaults.kafka),
    SYNCHUB_KAFKA_CONTROLLER_PORT: value('KAFKA_CONTROLLER_PORT', defaults.kafkaController),
    SYNCHUB_AWS_PORT: value('AWS_PORT', defaults.aws),
    SYNCHUB_CODEC_PORT: value('CODEC_PORT', defaults.codec),
    SYNCHUB_LOCAL_STACK: 'true',
    // Processes a test starts serve health and metrics on any free port, never on one a test run shares.
    SYNCHUB_HTTP_PORT: process.env[`${prefix}HTTP_PORT`] ?? '0',
  };
}

/** The test run's own stack: separate ports and state so it never disturbs a stack started by `npm start`. */
export const TEST_STACK_ENV: Record<string, string> = {
  ...ownStackEnv('SYNCHUB_TEST_', {
    stateDir: path.resolve(__dirname, '..', '..', '.synchub', 'test-stack'),
    temporal: 17233,
    temporalUi: 18233,
    temporalMetrics: 18234,
    kafka: 19092,
    kafkaController: 19093,
    aws: 14566,
    codec: 18235,
  }),
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};

export function testStackEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...TEST_STACK_ENV, ...extra };
}

export function workflowBundlePath(): string {
  return path.join(TEST_STACK_ENV.SYNCHUB_STATE_DIR!, 'workflow-bundle.js');
}
