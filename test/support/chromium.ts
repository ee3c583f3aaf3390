import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { hasCommand } from '../../src/stack/prerequisites';
import { runSteps, type Progress } from '../../src/stack/progress';
import { runCommand } from '../../src/stack/run-command';

/**
 * The browser the Web UI test drives: `SYNCHUB_TEST_CHROMIUM` when set, else Debian's chromium. When it is
 * missing and this machine can install Debian packages (root with apt-get), the test run installs it itself;
 * otherwise the run stops with one line saying how to get it.
 */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.SYNCHUB_TEST_CHROMIUM ?? DEBIAN_CHROMIUM;
}

function canInstallDebianPackages(): boolean {
  return process.getuid?.() === 0 && hasCommand('apt-get');
}

export async function ensureChromium(progress: Progress, logFile: string): Promise<string> {
  const executable = chromiumPath();
  if (fs.existsSync(executable)) return executable;
  if (executable !== DEBIAN_CHROMIUM || !canInstallDebianPackages()) {
    throw new Error(
      `chromium not found at ${executable}: the Web UI test needs it. Install Debian's chromium ` +
        '(sudo apt-get install chromium) or set SYNCHUB_TEST_CHROMIUM to a chromium binary.',
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runSteps(progress, [
    {
      label: "installing Debian's chromium for the Web UI test (first run only)",
      run: async () => {
        await runCommand('apt-get', ['update', '-qq'], { env, logFile });
        await runCommand('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
          env,
          logFile,
        });
      },
    },
  ]);
  const version = spawnSync(DEBIAN_CHROMIUM, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) throw new Error(`chromium was installed but does not run; see ${logFile}`);
  progress(version.stdout.trim());
  return DEBIAN_CHROMIUM;
}
