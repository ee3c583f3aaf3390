import { loadConfig } from '../../src/config/app-config';
import { stderrProgress } from '../../src/stack/progress';
import { stackDown } from '../../src/stack/stack';
import { testStackEnv } from './test-env';

/** Stops the stack only if this run started it; SYNCHUB_TEST_KEEP_STACK=1 keeps it for the next run. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.SYNCHUB_TEST_STARTED_STACK !== 'true' || process.env.SYNCHUB_TEST_KEEP_STACK === '1')
    return;
  await stackDown(loadConfig(testStackEnv()).stack, stderrProgress);
}
