import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../src/config/app-config';
import { DEFAULT_DOMAINS } from '../../src/config/domains';
import {
  ANY_RESOURCE,
  IAM_ROLES,
  buildIamPolicies,
  iamPolicyInput,
  parseTopicArn,
  resourceArns,
  type IamRole,
  type PolicyDocument,
} from '../../src/iam/policies';
import { renderDefaultPolicy } from '../../src/tools/write-iam-policies';

const ROOT = path.resolve(__dirname, '..', '..');
const DEPLOY = path.join(ROOT, 'deploy', 'iam');

/** A deployment that names everything differently from the defaults, in another partition. */
const custom = loadConfig({
  AWS_REGION: 'cn-north-1',
  AWS_ENDPOINT_URL: 'https://aws.invalid',
  TEMPORAL_ADDRESS: 'temporal.invalid:7233',
  KAFKA_BROKERS: 'kafka.invalid:9092',
  SYNCHUB_TABLE: 'sync-prod',
  SYNCHUB_SNS_TOPIC_ARN: 'arn:aws-cn:sns:cn-north-1:111122223333:sync-prod-changes',
  SYNCHUB_QUEUE_PREFIX: 'prod',
});
const input = iamPolicyInput(custom);

/** Actions IAM cannot scope to a resource (no resource type in the service authorization reference). */
const UNSCOPED_ACTIONS = ['sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes'];
const policies = buildIamPolicies(input);

const everyStatement = (documents: Record<IamRole, PolicyDocument>) =>
  IAM_ROLES.flatMap((role) => documents[role].Statement.map((statement) => ({ role, statement })));

describe('IAM policies', () => {
  test.each(IAM_ROLES)('deploy/iam/%s.json is up to date (npm run iam-policies)', (role) => {
    expect(fs.readFileSync(path.join(DEPLOY, `${role}.json`), 'utf8')).toBe(renderDefaultPolicy(role));
  });

  test('deploy/iam holds one file per role and nothing else', () => {
    expect(fs.readdirSync(DEPLOY).sort()).toEqual(IAM_ROLES.map((role) => `${role}.json`).sort());
  });

  test('account and partition come from the topic ARN, the region from AWS_REGION', () => {
    expect(input).toMatchObject({ partition: 'aws-cn', account: '111122223333', region: 'cn-north-1' });
    expect(() => parseTopicArn('arn:aws:sns:us-east-1::topic')).toThrow(/not an SNS topic ARN/);
  });

  test('the ARNs are built from the configured names', () => {
    expect(resourceArns(input)).toEqual({
      table: 'arn:aws-cn:dynamodb:cn-north-1:111122223333:table/sync-prod',
      index: 'arn:aws-cn:dynamodb:cn-north-1:111122223333:table/sync-prod/index/byTypeChangedAt',
      topic: 'arn:aws-cn:sns:cn-north-1:111122223333:sync-prod-changes',
      queues: DEFAULT_DOMAINS.flatMap((domain) => [
        `arn:aws-cn:sqs:cn-north-1:111122223333:prod-${domain.name}`,
        `arn:aws-cn:sqs:cn-north-1:111122223333:prod-${domain.name}-dlq`,
      ]),
    });
  });

  test('every statement is scoped to exactly the resources of its service built from config', () => {
    const arns = resourceArns(input);
    const expected: Record<IamRole, Record<string, string[]>> = {
      worker: { EntityTable: [arns.table], ChangeTopic: [arns.topic] },
      ingester: { ClaimCheckWrites: [arns.table], Readiness: [arns.table] },
      operator: { EntityTable: [arns.table], ChangedIndex: [arns.index] },
      provisioner: { Table: [arns.table], Topic: [arns.topic], Subscriptions: ['*'], Queues: arns.queues },
      eraser: { EntityTable: [arns.table], ChangeTopic: [arns.topic] },
    };
    for (const role of IAM_ROLES) {
      const scoped = Object.fromEntries(
        policies[role].Statement.map((statement) => [statement.Sid, statement.Resource]),
      );
      expect({ role, scoped }).toEqual({ role, scoped: expected[role] });
    }
  });

  test('no wildcard in any Action or Resource, for the default names and for a custom deployment', () => {
    const defaults = buildIamPolicies(iamPolicyInput(loadConfig({})));
    for (const documents of [defaults, policies]) {
      for (const { role, statement } of everyStatement(documents)) {
        // The subscription attribute actions support no resource-level permission: `*` is the only form.
        const unscoped = statement.Action.every((action) => UNSCOPED_ACTIONS.includes(action));
        for (const value of [...statement.Action, ...(unscoped ? [] : statement.Resource)]) {
          expect({ role, sid: statement.Sid, value, wildcard: /[*?]/.test(value) }).toMatchObject({
            wildcard: false,
          });
        }
        expect(statement.Effect).toBe('Allow');
      }
    }
  });

  test('index actions name the index ARN only, and the index allows nothing but Query', () => {
    const { index } = resourceArns(input);
    for (const { statement } of everyStatement(policies)) {
      const onIndex = statement.Resource.some((arn) => arn.includes('/index/'));
      if (!onIndex) continue;
      expect(statement.Resource).toEqual([index]);
      expect(statement.Action).toEqual(['dynamodb:Query']);
    }
  });

  test('every action belongs to the service of every resource of its statement', () => {
    for (const { role, statement } of everyStatement(policies)) {
      for (const action of statement.Action) {
        const service = action.split(':')[0];
        if (statement.Resource.length === 1 && statement.Resource[0] === ANY_RESOURCE) {
          expect(UNSCOPED_ACTIONS).toContain(action);
          continue;
        }
        for (const arn of statement.Resource)
          expect({ role, action, arn, service: arn.split(':')[2] }).toEqual({ role, action, arn, service });
      }
    }
  });

  test('the ingester may write claim-check items only (PAYLOAD# partition keys)', () => {
    const writes = policies.ingester.Statement.find((statement) => statement.Sid === 'ClaimCheckWrites');
    expect(writes?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PAYLOAD#*'] },
    });
  });
});

/**
 * The IAM action each AWS SDK command in `src/` needs. A command missing here fails the test below: add it
 * with its IAM action, and to the policy of the role that sends it.
 */
const IAM_ACTION_OF_COMMAND: Record<string, string> = {
  // @aws-sdk/lib-dynamodb document commands
  BatchGetCommand: 'dynamodb:BatchGetItem',
  BatchWriteCommand: 'dynamodb:BatchWriteItem',
  GetCommand: 'dynamodb:GetItem',
  PutCommand: 'dynamodb:PutItem',
  // Only puts travel in SyncHub's transactions; AWS authorises each as dynamodb:PutItem
  TransactWriteCommand: 'dynamodb:PutItem',
  QueryCommand: 'dynamodb:Query',
  UpdateCommand: 'dynamodb:UpdateItem',
  // @aws-sdk/client-dynamodb
  CreateTableCommand: 'dynamodb:CreateTable',
  DescribeTableCommand: 'dynamodb:DescribeTable',
  UpdateTableCommand: 'dynamodb:UpdateTable',
  // @aws-sdk/client-sns: PublishBatch is authorised by sns:Publish (there is no sns:PublishBatch action)
  PublishBatchCommand: 'sns:Publish',
  CreateTopicCommand: 'sns:CreateTopic',
  ListSubscriptionsByTopicCommand: 'sns:ListSubscriptionsByTopic',
  SubscribeCommand: 'sns:Subscribe',
  GetSubscriptionAttributesCommand: 'sns:GetSubscriptionAttributes',
  SetSubscriptionAttributesCommand: 'sns:SetSubscriptionAttributes',
  // @aws-sdk/client-sqs
  CreateQueueCommand: 'sqs:CreateQueue',
  GetQueueAttributesCommand: 'sqs:GetQueueAttributes',
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(file) : entry.name.endsWith('.ts') ? [file] : [];
  });
}

test('the policies together allow exactly the actions of the AWS commands the code sends', () => {
  const commands = new Set(
    sourceFiles(path.join(ROOT, 'src')).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/new (\w+Command)\(/g)].map((match) => match[1]!),
    ),
  );
  const unmapped = [...commands].filter((command) => !(command in IAM_ACTION_OF_COMMAND));
  expect(unmapped).toEqual([]);
  const needed = new Set([...commands].map((command) => IAM_ACTION_OF_COMMAND[command]));
  const granted = new Set(everyStatement(policies).flatMap(({ statement }) => statement.Action));
  expect([...granted].sort()).toEqual([...needed].sort());
});
