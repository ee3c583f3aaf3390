import * as path from 'node:path';

/** The test run's own stack: separate ports and state so it never disturbs a stack started by `npm start`. */
export const TEST_STACK_ENV: Record<string, string> = {
  SYNCHUB_STATE_DIR:
    process.env.SYNCHUB_TEST_STATE_DIR ?? path.resolve(__dirname, '..', '..', '.synchub', 'test-stack'),
  SYNCHUB_TEMPORAL_PORT: process.env.SYNCHUB_TEST_TEMPORAL_PORT ?? '17233',
  SYNCHUB_TEMPORAL_UI_PORT: process.env.SYNCHUB_TEST_TEMPORAL_UI_PORT ?? '18233',
  SYNCHUB_KAFKA_PORT: process.env.SYNCHUB_TEST_KAFKA_PORT ?? '19092',
  SYNCHUB_KAFKA_CONTROLLER_PORT: process.env.SYNCHUB_TEST_KAFKA_CONTROLLER_PORT ?? '19093',
  SYNCHUB_AWS_PORT: process.env.SYNCHUB_TEST_AWS_PORT ?? '14566',
  SYNCHUB_LOCAL_STACK: 'true',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};

export function testStackEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...TEST_STACK_ENV, ...extra };
}

export function workflowBundlePath(): string {
  return path.join(TEST_STACK_ENV.SYNCHUB_STATE_DIR!, 'workflow-bundle.js');
}
