/**
 * The IAM policies `synchub iam-policy` prints, on an AWS emulator that enforces IAM (a moto of this test's
 * own): each is sufficient (the real processes, run with the role's temporary credentials, sync documents
 * end to end) and minimal (without any one of its actions, the step that needs it is denied, naming it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Producer } from 'kafkajs';
import { createChangePublisher } from '../../src/adapters/change-publisher';
import { createPayloadStore, type PayloadRef } from '../../src/adapters/payload-store';
import { createRecordStore } from '../../src/adapters/record-store';
import { createAwsClients, type AwsClients } from '../../src/clients/aws';
import { createKafka, createProducer } from '../../src/clients/kafka';
import { LOCAL_ACCOUNT_ID, loadConfig, type AppConfig } from '../../src/config/app-config';
import { DEFAULT_DOMAINS, queueName } from '../../src/config/domains';
import { ENTITY_TYPES, canonicalMaterialNumber, transformIdoc } from '../../src/domain';
import { IAM_ROLES, type IamRole, type PolicyDocument } from '../../src/iam/policies';
import { ensureDomainQueue, ensureTable, ensureTopic } from '../../src/provision/aws';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { tableReadiness } from '../../src/workers/compose';
import { SYNCHUB_BIN, runSynchub } from '../support/cli';
import { logger } from '../support/harness';
import {
  IamEmulator,
  credentialsEnv,
  denial,
  keepErrorBodies,
  motoActionName,
  withoutAction,
  type Credentials,
} from '../support/iam-emulator';
import { randomId, randomMaterialNumber } from '../support/ids';
import { testStackEnv, workflowBundlePath } from '../support/test-env';

jest.setTimeout(120_000);

const id = randomId('iam');
const ACCOUNT = LOCAL_ACCOUNT_ID;
const CLAIM_CHECK_BYTES = 8192;

let emulator: IamEmulator;
/** This test's configuration (own table, topic, queues, Kafka topics, task queue), without credentials. */
let env: NodeJS.ProcessEnv;
let config: AppConfig;
const shipped = {} as Record<IamRole, PolicyDocument>;
const credentials = {} as Record<IamRole, Credentials>;
const clients = {} as Record<IamRole, AwsClients>;
let admin: Credentials;
const processes: ChildProcess[] = [];
let producer: Producer | undefined;

function roleEnv(role: IamRole): NodeJS.ProcessEnv {
  return { ...env, ...credentialsEnv(credentials[role]) };
}

beforeAll(async () => {
  const base = loadConfig(testStackEnv());
  emulator = await IamEmulator.start(base, ACCOUNT);
  env = testStackEnv({
    AWS_ENDPOINT_URL: emulator.url,
    TEMPORAL_TASK_QUEUE: `synchub-${id}`,
    ...Object.fromEntries(
      ENTITY_TYPES.map((type) => [`SYNCHUB_TOPIC_${type.toUpperCase()}`, `sap.${type}.${id}`]),
    ),
    SYNCHUB_TOPIC_REJECTED: `synchub.rejected.${id}`,
    SYNCHUB_TABLE: `synchub-${id}`,
    SYNCHUB_SNS_TOPIC_ARN: `arn:aws:sns:${base.aws.region}:${ACCOUNT}:synchub-${id}`,
    SYNCHUB_QUEUE_PREFIX: id,
    KAFKA_GROUP_ID: `synchub-${id}`,
    SYNCHUB_WORKFLOW_BUNDLE: workflowBundlePath(),
    SYNCHUB_CLAIM_CHECK_BYTES: String(CLAIM_CHECK_BYTES),
    SYNCHUB_LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
  });
  config = loadConfig(env);

  // Unauthenticated setup: the admin, and one role per SyncHub role with the policy the CLI prints.
  admin = await emulator.createAdmin();
  for (const role of IAM_ROLES) {
    const printed = await runSynchub(['iam-policy', '--role', role], { env });
    if (printed.code !== 0) throw new Error(`synchub iam-policy --role ${role}: ${printed.stderr}`);
    shipped[role] = JSON.parse(printed.stdout) as PolicyDocument;
    await emulator.createRole(role);
    await emulator.putRolePolicy(role, shipped[role]);
  }
  await emulator.enforce();
  for (const role of IAM_ROLES) {
    credentials[role] = await emulator.assume(role);
    clients[role] = createAwsClients({ ...config.aws, credentials: credentials[role] });
    keepErrorBodies(clients[role]);
  }
});

afterAll(async () => {
  await Promise.all(
    processes.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  await producer?.disconnect();
  for (const role of IAM_ROLES) clients[role]?.destroy();
  emulator?.stop();
});

test('the emulator enforces IAM: a key it does not know is refused, the admin is allowed', async () => {
  const unknown = new DynamoDBClient(emulator.clientConfig({ accessKeyId: 'test', secretAccessKey: 'test' }));
  const known = new DynamoDBClient(emulator.clientConfig(admin));
  try {
    await expect(unknown.send(new DescribeTableCommand({ TableName: config.sync.table }))).rejects.toThrow(
      /security token|not valid|InvalidClientTokenId|UnrecognizedClient/i,
    );
    // Allowed, and the table does not exist yet: the provisioner creates it next.
    await expect(known.send(new DescribeTableCommand({ TableName: config.sync.table }))).rejects.toThrow(
      /not found|ResourceNotFound/i,
    );
  } finally {
    unknown.destroy();
    known.destroy();
  }
});

test('provisioner: `synchub provision` creates table, topic, queues and Kafka topics with its policy', async () => {
  const result = await runSynchub(['provision'], { env: roleEnv('provisioner'), timeoutMs: 90_000 });
  expect(result.stderr).not.toMatch(/not authorized/);
  expect(result.code).toBe(0);
  const provisioned = JSON.parse(result.stdout) as { table: string; topicArn: string; queues: unknown[] };
  expect(provisioned).toMatchObject({ table: config.sync.table, topicArn: config.sync.snsTopicArn });
  expect(provisioned.queues).toHaveLength(DEFAULT_DOMAINS.length);
});

test('provisioner: queues outside the configured prefix are denied (moto checks SQS queue ARNs)', async () => {
  const denied = await ensureDomainQueue(
    clients.provisioner,
    config.sync.snsTopicArn,
    `other${id}`,
    DEFAULT_DOMAINS[0]!,
  ).then(
    () => 'allowed',
    (error: unknown) => denial(error),
  );
  expect(denied).toContain('is not authorized to perform: sqs:GetQueueAttributes');
});

/** A spawned `synchub <command>` whose output (JSON log lines) is kept for the assertions. */
function startProcess(command: string, role: IamRole): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [SYNCHUB_BIN, command], {
    env: roleEnv(role),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  processes.push(child);
  return { child, output: () => output };
}

/** The health URL a process logged (`SYNCHUB_HTTP_PORT=0`: any free port). */
async function healthUrl(name: string, output: () => string): Promise<string> {
  return waitFor(
    `${name} serving health`,
    () => {
      for (const line of output().split('\n')) {
        if (!line.includes('health and metrics listening')) continue;
        return (JSON.parse(line) as { url: string }).url;
      }
      return undefined;
    },
    { timeoutMs: 60_000 },
  );
}

async function stopGracefully(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

test('worker and ingester processes sync documents end to end with their policies; the operator reads them', async () => {
  const worker = startProcess('worker', 'worker');
  const ingester = startProcess('ingest', 'ingester');
  const [workerHealth, ingesterHealth] = await Promise.all([
    healthUrl('worker', worker.output),
    healthUrl('ingester', ingester.output),
  ]);

  const small = randomMaterialNumber();
  const large = randomMaterialNumber();
  const description = `IAM ${randomBytes(6).toString('hex')}`;
  const documents = [
    { matnr: small, document: materialIdoc({ matnr: small, docnum: 1, serial: '20261201100001' }) },
    {
      matnr: large,
      document: materialIdoc({ matnr: large, docnum: 2, serial: '20261201100002', description, plants: 20 }),
    },
  ];
  expect(Buffer.byteLength(documents[0]!.document)).toBeLessThan(CLAIM_CHECK_BYTES);
  // The ingester stores this one aside (claim check) and the worker reads it back.
  expect(Buffer.byteLength(documents[1]!.document)).toBeGreaterThan(CLAIM_CHECK_BYTES);
  producer = createProducer(createKafka(config.kafka, logger, `-${id}`));
  await producer.connect();
  for (const { matnr, document } of documents) {
    await producer.send({
      topic: config.kafka.topics.material,
      acks: -1,
      messages: [{ key: canonicalMaterialNumber(matnr), value: document }],
    });
  }

  const operator = roleEnv('operator');
  for (const { matnr, document } of documents) {
    const { version } = transformIdoc(document);
    const key = canonicalMaterialNumber(matnr);
    const stored = await waitFor(
      `material ${key} stored and published`,
      async () => {
        const got = await runSynchub(['get', 'material', key], { env: operator });
        if (got.code !== 0) {
          expect(got.stderr).toMatch(/not found/);
          return undefined;
        }
        const record = JSON.parse(got.stdout) as { version: string; publishedVersion?: string };
        return record.publishedVersion === version ? record : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(stored.version).toBe(version);
    const history = await runSynchub(['history', 'material', key], { env: operator });
    expect(history.stderr).toBe('');
    expect(
      history.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { version: string }),
    ).toEqual([expect.objectContaining({ version })]);
  }
  const changed = await runSynchub(['changed', 'material', '--since', '2020-01-01T00:00:00Z'], {
    env: operator,
  });
  expect(changed.stderr).toBe('');
  expect(changed.stdout).toContain(description);
  expect(changed.stdout.trim().split('\n')).toHaveLength(2);

  // The fan-out reached the domain queue (read as the admin: consumers are not SyncHub's roles).
  const sqs = new SQSClient(emulator.clientConfig(admin));
  try {
    const { QueueUrl } = await sqs.send(
      new GetQueueUrlCommand({ QueueName: queueName(config.sync.queuePrefix, 'ecommerce') }),
    );
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
    );
    expect(new Set(Messages?.map((message) => message.MessageAttributes?.entityType?.StringValue))).toEqual(
      new Set(['material']),
    );
    expect(Messages).toHaveLength(2);
  } finally {
    sqs.destroy();
  }

  // /readyz asks DynamoDB (DescribeTable) with each process's own credentials.
  for (const url of [workerHealth, ingesterHealth]) expect((await fetch(`${url}/readyz`)).status).toBe(200);

  expect(await stopGracefully(ingester.child)).toBe(0);
  expect(await stopGracefully(worker.child)).toBe(0);
  for (const output of [worker.output(), ingester.output()]) {
    expect(output).not.toMatch(/AccessDenied|not authorized/);
  }
});

describe('each action is needed: without it, the step that uses it is denied', () => {
  const matnr = randomMaterialNumber();
  const record = () => transformIdoc(materialIdoc({ matnr, docnum: 7, serial: '20261201110000' }));
  let payloadRef: PayloadRef;
  let fresh = 0;
  const store = (role: IamRole) => createRecordStore(clients[role].documents, config.sync.table);
  const payloads = (role: IamRole) => createPayloadStore(clients[role].documents, config.sync.table);
  const adminDynamodb = () => new DynamoDBClient(emulator.clientConfig(admin));
  const unindexedTable = `${id}-unindexed`;

  beforeAll(async () => {
    payloadRef = await payloads('worker').put(materialIdoc({ matnr, docnum: 8, plants: 12 }));
  });

  interface Case {
    role: IamRole;
    action: string;
    step: string;
    /** Run with full permissions before the step (as the admin): what the step needs to reach the action. */
    prepare?: () => Promise<void>;
    run: () => Promise<unknown>;
  }

  const cases: Case[] = [
    {
      role: 'worker',
      action: 'dynamodb:PutItem',
      step: 'persist: the version-guarded write of CURRENT',
      run: () => store('worker').putCurrent(record(), new Date().toISOString()),
    },
    {
      role: 'worker',
      action: 'dynamodb:BatchGetItem',
      step: 'read of CURRENT and PUBLISHED (stale check, resync)',
      run: () => store('worker').get('material', record().entityKey),
    },
    {
      role: 'worker',
      action: 'dynamodb:BatchWriteItem',
      step: 'VERSION item and published mark',
      run: () => store('worker').recordApplied(record(), new Date().toISOString(), true),
    },
    {
      role: 'worker',
      action: 'dynamodb:UpdateItem',
      step: 'published mark on CURRENT',
      run: () => {
        const { entityType, entityKey, version } = record();
        return store('worker').markPublished(entityType, entityKey, version, new Date().toISOString());
      },
    },
    {
      role: 'worker',
      action: 'dynamodb:GetItem',
      step: 'claim-check read of a large document',
      run: () => payloads('worker').get(payloadRef),
    },
    {
      role: 'worker',
      action: 'sns:Publish',
      step: 'publish to the topic (PublishBatch)',
      run: () => createChangePublisher(clients.worker.sns, config.sync.snsTopicArn).publish(record()),
    },
    {
      role: 'worker',
      action: 'dynamodb:DescribeTable',
      step: '/readyz',
      run: () => tableReadiness(clients.worker, config.sync.table)(),
    },
    {
      role: 'worker',
      action: 'dynamodb:Query',
      step: 'purge of the older versions of a blocked entity',
      run: () => {
        const { entityType, entityKey, version } = record();
        return store('worker').purgeVersionsBefore(entityType, entityKey, version);
      },
    },
    {
      role: 'ingester',
      action: 'dynamodb:BatchWriteItem',
      step: 'claim-check write of a large document',
      run: () => payloads('ingester').put(materialIdoc({ matnr, docnum: 9, plants: 12 })),
    },
    {
      role: 'ingester',
      action: 'dynamodb:DescribeTable',
      step: '/readyz',
      run: () => tableReadiness(clients.ingester, config.sync.table)(),
    },
    {
      role: 'operator',
      action: 'dynamodb:BatchGetItem',
      step: '`synchub get`',
      run: () => store('operator').get('material', record().entityKey),
    },
    {
      role: 'operator',
      action: 'dynamodb:Query',
      // moto authorises both against `*`: which resource each needs is the static test's (table, index).
      step: '`synchub history` (table) and `synchub changed` (index)',
      run: async () => {
        await store('operator').history('material', record().entityKey);
        for await (const page of store('operator').changedSince('material', '2020-01-01T00:00:00Z'))
          void page;
      },
    },
    {
      role: 'provisioner',
      action: 'dynamodb:DescribeTable',
      step: 'table check of `provision`',
      run: () => ensureTable(clients.provisioner, config.sync.table),
    },
    {
      role: 'provisioner',
      action: 'dynamodb:CreateTable',
      step: '`provision` of a new table',
      run: () => ensureTable(clients.provisioner, `${id}-new${(fresh += 1)}`),
    },
    {
      role: 'provisioner',
      action: 'dynamodb:UpdateTable',
      step: '`provision` adding the index to a table without it',
      prepare: async () => {
        const dynamodb = adminDynamodb();
        try {
          await dynamodb.send(
            new CreateTableCommand({
              TableName: unindexedTable,
              BillingMode: 'PAY_PER_REQUEST',
              AttributeDefinitions: [
                { AttributeName: 'pk', AttributeType: 'S' },
                { AttributeName: 'sk', AttributeType: 'S' },
              ],
              KeySchema: [
                { AttributeName: 'pk', KeyType: 'HASH' },
                { AttributeName: 'sk', KeyType: 'RANGE' },
              ],
            }),
          );
        } finally {
          dynamodb.destroy();
        }
      },
      run: () => ensureTable(clients.provisioner, unindexedTable),
    },
    {
      role: 'provisioner',
      action: 'sns:CreateTopic',
      step: 'topic of `provision`',
      run: () => ensureTopic(clients.provisioner, config.sync.snsTopicArn.split(':').at(-1)!),
    },
    {
      role: 'provisioner',
      action: 'sqs:CreateQueue',
      step: 'domain queue of `provision`',
      run: () => provisionQueue(),
    },
    {
      role: 'provisioner',
      action: 'sqs:GetQueueAttributes',
      step: 'queue ARN for the subscription',
      run: () => provisionQueue(),
    },
    {
      role: 'provisioner',
      action: 'sns:ListSubscriptionsByTopic',
      step: 'existing subscriptions of the topic',
      run: () => provisionQueue(),
    },
    {
      role: 'provisioner',
      action: 'sns:Subscribe',
      step: 'subscription of a domain queue',
      prepare: async () => {
        const sns = new SNSClient(emulator.clientConfig(admin));
        try {
          const { Subscriptions } = await sns.send(
            new ListSubscriptionsByTopicCommand({ TopicArn: config.sync.snsTopicArn }),
          );
          const domainQueue = `:${queueName(config.sync.queuePrefix, DEFAULT_DOMAINS[0]!.name)}`;
          const subscription = Subscriptions?.find((sub) => sub.Endpoint?.endsWith(domainQueue));
          await sns.send(new UnsubscribeCommand({ SubscriptionArn: subscription!.SubscriptionArn }));
        } finally {
          sns.destroy();
        }
      },
      run: () => provisionQueue(),
    },
    {
      role: 'provisioner',
      action: 'sns:GetSubscriptionAttributes',
      step: 'filter policy of an existing subscription',
      run: () => provisionQueue(),
    },
    {
      role: 'provisioner',
      action: 'sns:SetSubscriptionAttributes',
      step: 'filter policy of a subscription made before views brought up to date',
      prepare: async () => {
        const sns = new SNSClient(emulator.clientConfig(admin));
        try {
          const { Subscriptions } = await sns.send(
            new ListSubscriptionsByTopicCommand({ TopicArn: config.sync.snsTopicArn }),
          );
          const domainQueue = `:${queueName(config.sync.queuePrefix, DEFAULT_DOMAINS[0]!.name)}`;
          const subscription = Subscriptions?.find((sub) => sub.Endpoint?.endsWith(domainQueue));
          await sns.send(
            new SetSubscriptionAttributesCommand({
              SubscriptionArn: subscription!.SubscriptionArn,
              AttributeName: 'FilterPolicy',
              AttributeValue: JSON.stringify({ entityType: ['material'] }),
            }),
          );
        } finally {
          sns.destroy();
        }
      },
      run: () => provisionQueue(),
    },
  ];

  /** A material stored with a version item (written as the worker), for an erasure step to find. */
  const erasable = async (): Promise<{ entityType: 'material'; entityKey: string }> => {
    const stored = transformIdoc(
      materialIdoc({ matnr: randomMaterialNumber(), docnum: 11, serial: '20261201120000' }),
    );
    await store('worker').putCurrent(stored, new Date().toISOString());
    await store('worker').recordApplied(stored, new Date().toISOString(), true);
    return { entityType: 'material', entityKey: stored.entityKey };
  };
  let toErase: { entityType: 'material'; entityKey: string } | undefined;
  const eraseStep = () =>
    store('eraser').erase(toErase!.entityType, toErase!.entityKey, {
      erasedAt: new Date().toISOString(),
      by: 'iam-test',
      reason: 'least privilege',
    });
  cases.push(
    ...(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem'] as const).map((action) => ({
      role: 'eraser' as const,
      action,
      step: "`synchub erase`: the entity's items, the tombstone and register entry, the deletes",
      prepare: async () => {
        toErase = await erasable();
      },
      run: eraseStep,
    })),
    {
      role: 'eraser',
      action: 'sns:Publish',
      step: 'the `erased` message to the topic',
      run: () => createChangePublisher(clients.eraser.sns, config.sync.snsTopicArn).publish(record()),
    },
  );

  function provisionQueue() {
    return ensureDomainQueue(
      clients.provisioner,
      config.sync.snsTopicArn,
      config.sync.queuePrefix,
      DEFAULT_DOMAINS[0]!,
    );
  }

  test('every action of every policy has a step here', () => {
    const granted = IAM_ROLES.flatMap((role) =>
      [...new Set(shipped[role].Statement.flatMap((statement) => statement.Action))].map(
        (action) => `${role} ${action}`,
      ),
    );
    expect(cases.map(({ role, action }) => `${role} ${action}`).sort()).toEqual(granted.sort());
  });

  test.each(cases)('$role without $action: $step', async ({ role, action, prepare, run }) => {
    await prepare?.();
    await emulator.putRolePolicy(role, withoutAction(shipped[role], action));
    try {
      const denied = await run().then(
        () => 'allowed',
        (error: unknown) => denial(error),
      );
      expect(denied).toContain(`is not authorized to perform: ${motoActionName(action)}`);
    } finally {
      await emulator.putRolePolicy(role, shipped[role]);
    }
    // Control: the same step with the whole policy passes, so the removal alone denied it.
    await run();
  });
});
