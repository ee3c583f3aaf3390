import { Option, type Command } from 'commander';
import { loadConfig } from '../../config/app-config';
import {
  IAM_ROLES,
  buildIamPolicies,
  buildIamPolicy,
  iamPolicyInput,
  renderPolicy,
  type IamRole,
} from '../../iam/policies';

export function registerIamPolicyCommand(program: Command): void {
  program
    .command('iam-policy')
    .description(
      'print the least-privilege IAM policy (JSON) of a role for the configured table, index, topic and queues',
    )
    .addOption(
      new Option('-r, --role <role>', 'only this role (default: every role, keyed by name)').choices(
        IAM_ROLES,
      ),
    )
    .addHelpText(
      'after',
      `
Roles:
  worker       synchub worker: entity records, claim-check chunks, publishing to the topic
  ingester     synchub ingest: claim-check chunks of large documents
  operator     synchub get, history, changed: reads of the table and its index
  provisioner  synchub provision: creates the table, topic, subscriptions and queues (deploy time)
worker and ingester also get dynamodb:DescribeTable on the table: their /readyz calls it.

Resources come from SYNCHUB_TABLE, SYNCHUB_SNS_TOPIC_ARN (its partition and account are used for
the table and queues too), AWS_REGION and SYNCHUB_QUEUE_PREFIX. No action or resource holds a wildcard.

Examples:
  synchub iam-policy --role worker > worker-policy.json
  AWS_REGION=eu-central-1 SYNCHUB_SNS_TOPIC_ARN=arn:aws:sns:eu-central-1:111122223333:synchub-changes \\
    synchub iam-policy`,
    )
    .action((options: { role?: IamRole }) => {
      const config = loadConfig();
      // The queues of the configured domains (SYNCHUB_DOMAINS_FILE), as `provision` creates them.
      const input = iamPolicyInput(config, config.domains);
      const output = options.role ? buildIamPolicy(options.role, input) : buildIamPolicies(input);
      process.stdout.write(renderPolicy(output));
    });
}
