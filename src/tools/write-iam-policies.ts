/**
 * Writes the IAM policy of every role, for the default names (table `synchub`, the local topic ARN, queue
 * prefix `synchub`), into `deploy/iam/<role>.json`. `npm run iam-policies`; a unit test fails when they are stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config/app-config';
import { IAM_ROLES, buildIamPolicy, iamPolicyInput, renderPolicy, type IamRole } from '../iam/policies';

/** The configuration of a deployment that sets nothing: default table, topic and queue names. */
export function defaultPolicyInput() {
  return iamPolicyInput(loadConfig({}));
}

export function renderDefaultPolicy(role: IamRole): string {
  return renderPolicy(buildIamPolicy(role, defaultPolicyInput()));
}

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? path.join('deploy', 'iam'));
  fs.mkdirSync(outDir, { recursive: true });
  for (const role of IAM_ROLES) {
    const file = path.join(outDir, `${role}.json`);
    fs.writeFileSync(file, renderDefaultPolicy(role));
    process.stdout.write(`wrote ${file}\n`);
  }
}
