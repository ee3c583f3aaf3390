import * as fs from 'node:fs';
import { builtBundlePath, bundleWorkflows } from '../workers/workflow-bundle';

/** Build step: bundles the workflow code once, so workers start without running webpack. */
async function main(): Promise<void> {
  const target = process.argv[2] ?? builtBundlePath();
  fs.writeFileSync(target, await bundleWorkflows());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bundling the workflows failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
