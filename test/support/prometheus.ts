import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hasCommand } from '../../src/stack/prerequisites';
import { runSteps, type Progress } from '../../src/stack/progress';
import { runCommand } from '../../src/stack/run-command';

/** Prometheus and promtool for the monitoring tests: `prometheus` and `promtool` in `bin`. */
export interface PrometheusTools {
  prometheus: string;
  promtool: string;
}

function toolsIn(dir: string): PrometheusTools {
  return { prometheus: path.join(dir, 'prometheus'), promtool: path.join(dir, 'promtool') };
}

function installed(dir: string): boolean {
  const tools = toolsIn(dir);
  return fs.existsSync(tools.prometheus) && fs.existsSync(tools.promtool);
}

/** `SYNCHUB_TEST_PROMETHEUS_DIR` when set; else a cached copy of Debian's package, keyed by its version. */
export function findPrometheus(
  cacheDir: string,
  env: NodeJS.ProcessEnv = process.env,
): PrometheusTools | undefined {
  const own = env.SYNCHUB_TEST_PROMETHEUS_DIR;
  if (own) return installed(own) ? toolsIn(own) : undefined;
  if (!fs.existsSync(cacheDir)) return undefined;
  const cached = fs
    .readdirSync(cacheDir)
    .filter((name) => name.startsWith('prometheus-deb-'))
    .map((name) => path.join(cacheDir, name, 'usr', 'bin'))
    .find(installed);
  return cached ? toolsIn(cached) : undefined;
}

/**
 * Prometheus's own tooling checks the dashboard and alert rules against the real metrics. On a machine without
 * it, the test run fetches Debian's `prometheus` package (`apt-get download`, no root, nothing installed
 * system-wide), unpacks it into the cache keyed by the package version and uses its binaries from there.
 */
export async function ensurePrometheus(
  cacheDir: string,
  progress: Progress,
  logFile: string,
): Promise<PrometheusTools> {
  const found = findPrometheus(cacheDir);
  if (found) return found;
  if (process.env.SYNCHUB_TEST_PROMETHEUS_DIR)
    throw new Error(
      `no prometheus and promtool in SYNCHUB_TEST_PROMETHEUS_DIR=${process.env.SYNCHUB_TEST_PROMETHEUS_DIR}`,
    );
  if (!hasCommand('apt-get') || !hasCommand('dpkg-deb'))
    throw new Error(
      'the monitoring tests need Prometheus 2.x: set SYNCHUB_TEST_PROMETHEUS_DIR to a directory holding prometheus and promtool',
    );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-prometheus-'));
  try {
    await runSteps(progress, [
      {
        label: "fetching Debian's prometheus package for the monitoring tests (first run only)",
        run: async () => {
          await runCommand('apt-get', ['download', '-q', 'prometheus'], { cwd: work, logFile });
          const deb = fs.readdirSync(work).find((name) => name.endsWith('.deb'));
          if (!deb) throw new Error(`apt-get download prometheus left no package; see ${logFile}`);
          const version = deb.split('_')[1] ?? 'unknown';
          const unpacked = path.join(work, 'unpacked');
          await runCommand('dpkg-deb', ['-x', path.join(work, deb), unpacked], { logFile });
          const target = path.join(cacheDir, `prometheus-deb-${version.replace(/[^\w.+-]/g, '_')}`);
          fs.mkdirSync(cacheDir, { recursive: true });
          fs.rmSync(target, { recursive: true, force: true });
          fs.renameSync(unpacked, target);
        },
      },
    ]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const tools = findPrometheus(cacheDir);
  if (!tools)
    throw new Error(`Debian's prometheus package did not hold prometheus and promtool; see ${logFile}`);
  return tools;
}
