import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../src/config/app-config';
import { ensureMotoServer } from '../../src/stack/install';
import { stderrProgress } from '../../src/stack/progress';
import { stackStatus, stackUp } from '../../src/stack/stack';
import { provisionAll } from '../../src/cli/commands/stack';
import { bundleWorkflows } from '../../src/workers/workflow-bundle';
import { ensureChromium } from './chromium';
import { ensurePrometheus } from './prometheus';
import { testStackEnv, workflowBundlePath } from './test-env';

/** Only the stack-backed tiers need the stack; `npm run test:unit` sets SYNCHUB_TEST_NO_STACK=1. */
export default async function globalSetup(): Promise<void> {
  if (process.env.SYNCHUB_TEST_NO_STACK === '1') return;
  const config = loadConfig(testStackEnv());
  const before = await stackStatus(config.stack);
  const alreadyUp = before.every((service) => service.ready);
  // What the tests need besides the stack is installed here too, so `npm test` works on a fresh machine.
  const logDir = path.join(config.stack.stateDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  await Promise.all([
    stackUp(config.stack, stderrProgress),
    ensureChromium(stderrProgress, path.join(logDir, 'install-chromium.log')),
    ensurePrometheus(config.stack.cacheDir, stderrProgress, path.join(logDir, 'install-prometheus.log')),
    // Tests that need a dedicated emulator (IAM enforcement, outages) run moto, whichever the stack runs;
    // when the stack runs moto, stackUp installs it (never two installs into one directory).
    config.stack.awsEmulator === 'moto' ? undefined : ensureMotoServer(config.stack, stderrProgress),
  ]);
  await provisionAll(config);
  process.env.SYNCHUB_TEST_STARTED_STACK = alreadyUp ? 'false' : 'true';

  fs.writeFileSync(workflowBundlePath(), await bundleWorkflows());
}
