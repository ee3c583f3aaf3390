import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import { failureConverterPath } from '../clients/temporal';

export function workflowsPath(): string {
  return require.resolve('../workflows');
}

/** Where `npm run build` writes the workflow bundle: dist/workflow-bundle.js beside the compiled sources. */
export function builtBundlePath(): string {
  return path.resolve(__dirname, '..', '..', 'workflow-bundle.js');
}

const silent = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Bundles the workflow code with webpack, without webpack's build report. */
export async function bundleWorkflows(): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    failureConverterPath: failureConverterPath(),
    logger: silent,
  });
  return code;
}

/**
 * The workflow code a worker runs: the given bundle, else the one the build wrote, else bundled now (only when
 * running from sources, e.g. in development).
 */
export async function resolveWorkflowBundle(
  given?: WorkerOptions['workflowBundle'],
): Promise<NonNullable<WorkerOptions['workflowBundle']>> {
  if (given) return given;
  const built = builtBundlePath();
  if (fs.existsSync(built)) return { codePath: built };
  return { code: await bundleWorkflows() };
}
