/**
 * The least-privilege IAM policy of each SyncHub role, built from the configuration: exactly the actions its
 * code calls, each on the one resource it calls it on. Pure: no I/O, the same input gives the same policy.
 *
 * Every action here is one a `new ...Command(...)` in `src/` sends (the README's "IAM policies" names the
 * step); the enforcement test proves each is needed and that together they suffice.
 */
import { CHANGED_INDEX } from '../adapters/record-store';
import type { AppConfig } from '../config/app-config';
import { DEFAULT_DOMAINS, deadLetterQueueName, queueName, type ConsumerDomain } from '../config/domains';

export const IAM_ROLES = ['worker', 'ingester', 'operator', 'provisioner', 'eraser'] as const;
export type IamRole = (typeof IAM_ROLES)[number];

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** Where the policies point: the table, its index, the topic and the domain queues of one deployment. */
export interface IamPolicyInput {
  /** `aws`, `aws-cn`, `aws-us-gov`: from the topic ARN. */
  partition: string;
  /** The region of the table and queues (`AWS_REGION`). */
  region: string;
  /** The account of the table and queues: the topic's. */
  account: string;
  table: string;
  index: string;
  topicArn: string;
  /** Every queue the provisioner creates: each domain's queue and its dead-letter queue. */
  queueNames: string[];
}

export interface ResourceArns {
  table: string;
  index: string;
  topic: string;
  queues: string[];
}

/** `arn:<partition>:sns:<region>:<account>:<name>`, split; throws for anything else. */
export function parseTopicArn(arn: string): { partition: string; region: string; account: string } {
  const match = /^arn:(aws[\w-]*):sns:([a-z0-9-]+):(\d{12}):[\w.-]+$/.exec(arn);
  if (!match) throw new Error(`not an SNS topic ARN with region and account: ${arn}`);
  return { partition: match[1]!, region: match[2]!, account: match[3]! };
}

/** The policy input of a configuration: account and partition come from the SNS topic ARN. */
export function iamPolicyInput(
  config: Pick<AppConfig, 'aws' | 'sync'>,
  domains: readonly ConsumerDomain[] = DEFAULT_DOMAINS,
): IamPolicyInput {
  const { partition, account } = parseTopicArn(config.sync.snsTopicArn);
  return {
    partition,
    region: config.aws.region,
    account,
    table: config.sync.table,
    index: CHANGED_INDEX.name,
    topicArn: config.sync.snsTopicArn,
    queueNames: domains.flatMap((domain) => [
      queueName(config.sync.queuePrefix, domain.name),
      deadLetterQueueName(config.sync.queuePrefix, domain.name),
    ]),
  };
}

export function resourceArns(input: IamPolicyInput): ResourceArns {
  const table = `arn:${input.partition}:dynamodb:${input.region}:${input.account}:table/${input.table}`;
  return {
    table,
    index: `${table}/index/${input.index}`,
    topic: input.topicArn,
    queues: input.queueNames.map(
      (name) => `arn:${input.partition}:sqs:${input.region}:${input.account}:${name}`,
    ),
  };
}

function allow(
  Sid: string,
  service: string,
  operations: string[],
  Resource: string[],
  Condition?: PolicyStatement['Condition'],
): PolicyStatement {
  return {
    Sid,
    Effect: 'Allow',
    Action: operations.map((operation) => `${service}:${operation}`).sort(),
    Resource,
    ...(Condition ? { Condition } : {}),
  };
}

/**
 * DescribeTable answers `/readyz`, which `synchub worker` and `synchub ingest` serve unless
 * `SYNCHUB_HTTP_PORT=off`.
 */
const READINESS = ['DescribeTable'];

/** For actions IAM cannot scope to a resource. */
export const ANY_RESOURCE = '*';

const statements: Record<IamRole, (arns: ResourceArns) => PolicyStatement[]> = {
  /**
   * Activities, replay and quarantine: the version-guarded PutItem of CURRENT (and VERSION on the older path),
   * also as the puts of a TransactWriteItems request (authorised as dynamodb:PutItem);
   * BatchGetItem of CURRENT and PUBLISHED after a failed guard and for a resync; BatchWriteItem of VERSION,
   * PUBLISHED and SUPERSEDED items and of claim-check chunks; UpdateItem for the published and fan-out-failed
   * marks; GetItem of claim-check chunks; PublishBatch (authorised as sns:Publish) to the topic. Query and
   * BatchWriteItem (deletes) purge the older versions of an entity SAP blocked.
   */
  worker: (arns) => [
    allow(
      'EntityTable',
      'dynamodb',
      ['BatchGetItem', 'BatchWriteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem', ...READINESS],
      [arns.table],
    ),
    allow('ChangeTopic', 'sns', ['Publish'], [arns.topic]),
  ],
  /** Claim-check chunks (`PAYLOAD#...` items) of large documents, before they are signalled or quarantined. */
  ingester: (arns) => [
    allow('ClaimCheckWrites', 'dynamodb', ['BatchWriteItem'], [arns.table], {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PAYLOAD#*'] },
    }),
    allow('Readiness', 'dynamodb', READINESS, [arns.table]),
  ],
  /** `synchub get` (BatchGetItem), `history` (Query on the table), `changed` (Query on the index). */
  operator: (arns) => [
    allow('EntityTable', 'dynamodb', ['BatchGetItem', 'Query'], [arns.table]),
    allow('ChangedIndex', 'dynamodb', ['Query'], [arns.index]),
  ],
  /**
   * `synchub erase` and `synchub erasures`: Query of the entity's items and of the erasure register, PutItem
   * of the tombstone and the register entry, BatchWriteItem deleting the versions, and the `erased` message
   * to the topic. Deleting the workflow runs is Temporal's to allow (namespace role), not IAM's.
   */
  eraser: (arns) => [
    allow('EntityTable', 'dynamodb', ['BatchWriteItem', 'PutItem', 'Query'], [arns.table]),
    allow('ChangeTopic', 'sns', ['Publish'], [arns.topic]),
  ],
  /**
   * `synchub provision`: the table and its index, the topic and its subscriptions, the queues. Reading and
   * updating the filter policy of an existing subscription (Get/SetSubscriptionAttributes) supports no
   * resource-level permission in IAM: the one statement whose resource is `*`.
   */
  provisioner: (arns) => [
    allow('Table', 'dynamodb', ['CreateTable', 'DescribeTable', 'UpdateTable'], [arns.table]),
    allow('Topic', 'sns', ['CreateTopic', 'ListSubscriptionsByTopic', 'Subscribe'], [arns.topic]),
    allow('Subscriptions', 'sns', ['GetSubscriptionAttributes', 'SetSubscriptionAttributes'], [ANY_RESOURCE]),
    allow('Queues', 'sqs', ['CreateQueue', 'GetQueueAttributes'], arns.queues),
  ],
};

export function buildIamPolicy(role: IamRole, input: IamPolicyInput): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements[role](resourceArns(input)) };
}

export function buildIamPolicies(input: IamPolicyInput): Record<IamRole, PolicyDocument> {
  return Object.fromEntries(IAM_ROLES.map((role) => [role, buildIamPolicy(role, input)])) as Record<
    IamRole,
    PolicyDocument
  >;
}

/** A policy as committed under `deploy/iam/` and printed by `synchub iam-policy`. */
export function renderPolicy(policy: unknown): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}
