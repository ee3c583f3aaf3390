import { spawn, type ChildProcess } from 'node:child_process';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { DeserializeMiddleware, MetadataBearer } from '@smithy/types';
import type { AwsClients } from '../../src/clients/aws';
import type { AppConfig } from '../../src/config/app-config';
import type { IamRole, PolicyDocument, PolicyStatement } from '../../src/iam/policies';
import { stderrProgress } from '../../src/stack/progress';
import { ensureMotoServer } from '../../src/stack/install';
import { freeLoopbackPort } from '../../src/workers/temporal-runtime';
import { httpOk } from '../../src/stack/readiness';
import { waitFor } from '../../src/util/wait-for';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Any key works while moto does not enforce IAM (the first requests, before `enforce`). */
const SETUP_CREDENTIALS: Credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * What moto 5.2.1 can evaluate, from a policy meant for AWS. moto authorises DynamoDB and SNS requests against
 * the resource `*` (it knows no ARN for them), and SQS CreateQueue too (the queue does not exist yet), so
 * those statements must say `*` here or nothing matches; the shipped policy keeps its ARNs, which the static
 * unit test checks. moto names PublishBatch `sns:PublishBatch`, which AWS authorises as `sns:Publish`, and
 * TransactWriteItems `dynamodb:TransactWriteItems`, whose puts AWS authorises as `dynamodb:PutItem`.
 * Every other SQS action keeps its queue ARNs, which moto does check.
 */
export function policyForMoto(policy: PolicyDocument): PolicyDocument {
  const onAnyResource = (action: string) =>
    action.startsWith('dynamodb:') || action.startsWith('sns:') || action === 'sqs:CreateQueue';
  const Statement = policy.Statement.flatMap((statement): PolicyStatement[] => {
    const { Condition: _condition, ...rest } = statement;
    const actions = statement.Action.flatMap(motoActionNames);
    const anywhere = actions.filter(onAnyResource);
    const scoped = actions.filter((action) => !onAnyResource(action));
    return [
      ...(anywhere.length
        ? [{ ...rest, Sid: `${statement.Sid}Any`, Action: anywhere, Resource: ['*'] }]
        : []),
      ...(scoped.length ? [{ ...rest, Action: scoped }] : []),
    ];
  });
  return { ...policy, Statement };
}

/** The name moto gives the request an IAM action authorises. */
export function motoActionName(action: string): string {
  return action === 'sns:Publish' ? 'sns:PublishBatch' : action;
}

/** Every name moto gives the requests an IAM action authorises. */
export function motoActionNames(action: string): string[] {
  return action === 'dynamodb:PutItem' ? [action, 'dynamodb:TransactWriteItems'] : [motoActionName(action)];
}

/** The policy without one action (statements left empty are dropped). */
export function withoutAction(policy: PolicyDocument, action: string): PolicyDocument {
  return {
    ...policy,
    Statement: policy.Statement.map((statement) => ({
      ...statement,
      Action: statement.Action.filter((name) => name !== action),
    })).filter((statement) => statement.Action.length > 0),
  };
}

/**
 * A moto server of one test's own, with IAM enforcement switched on once `enforce` is called: enforcement is
 * process-wide in moto, so it must never be the shared stack's emulator.
 */
export class IamEmulator {
  private admin?: Credentials;

  private constructor(
    readonly url: string,
    readonly region: string,
    readonly account: string,
    private readonly process: ChildProcess,
  ) {}

  static async start(config: AppConfig, account: string): Promise<IamEmulator> {
    const binary = await ensureMotoServer(config.stack, stderrProgress);
    const port = await freeLoopbackPort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(binary, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    const emulator = new IamEmulator(url, config.aws.region, account, child);
    try {
      await waitFor('dedicated moto', () => httpOk(`${url}/moto-api/`), { timeoutMs: 30_000 });
    } catch (error) {
      emulator.stop();
      throw error;
    }
    return emulator;
  }

  clientConfig(credentials: Credentials = this.admin ?? SETUP_CREDENTIALS) {
    return { endpoint: this.url, region: this.region, credentials };
  }

  private iam(): IAMClient {
    return new IAMClient(this.clientConfig());
  }

  /** Before enforcement: the `admin` user (every action, for setup and inspection only) and its key. */
  async createAdmin(): Promise<Credentials> {
    const iam = this.iam();
    try {
      await iam.send(new CreateUserCommand({ UserName: 'admin' }));
      await iam.send(
        new PutUserPolicyCommand({
          UserName: 'admin',
          PolicyName: 'everything',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
          }),
        }),
      );
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'admin' }));
      this.admin = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
      return this.admin;
    } finally {
      iam.destroy();
    }
  }

  roleName(role: IamRole): string {
    return `synchub-${role}`;
  }

  /** A role the admin may assume; its permissions are `putRolePolicy`'s. */
  async createRole(role: IamRole): Promise<void> {
    const iam = this.iam();
    try {
      await iam.send(
        new CreateRoleCommand({
          RoleName: this.roleName(role),
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${this.account}:user/admin` },
                Action: 'sts:AssumeRole',
              },
            ],
          }),
        }),
      );
    } finally {
      iam.destroy();
    }
  }

  /** The role's one inline policy, replaced: in moto it applies to the role's next request. */
  async putRolePolicy(role: IamRole, policy: PolicyDocument): Promise<void> {
    const iam = this.iam();
    try {
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: this.roleName(role),
          PolicyName: 'synchub',
          PolicyDocument: JSON.stringify(policyForMoto(policy)),
        }),
      );
    } finally {
      iam.destroy();
    }
  }

  /** From now on every request is signature-checked and authorised (`POST /moto-api/reset-auth` with 0). */
  async enforce(): Promise<void> {
    const response = await fetch(`${this.url}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    if (!response.ok) throw new Error(`moto reset-auth: HTTP ${response.status}`);
  }

  /** Temporary credentials of a role (`ASIA...` with a session token), assumed by the admin. */
  async assume(role: IamRole): Promise<Credentials> {
    const sts = new STSClient(this.clientConfig());
    try {
      const { Credentials: granted } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${this.account}:role/${this.roleName(role)}`,
          RoleSessionName: role,
          DurationSeconds: 3600,
        }),
      );
      return {
        accessKeyId: granted!.AccessKeyId!,
        secretAccessKey: granted!.SecretAccessKey!,
        sessionToken: granted!.SessionToken!,
      };
    } finally {
      sts.destroy();
    }
  }

  stop(): void {
    this.process.kill('SIGKILL');
  }
}

/** The environment that makes a SyncHub process use these credentials (the SDK's default chain). */
export function credentialsEnv(credentials: Credentials): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
  };
}

/**
 * Keeps the raw body of every error response readable on the error (`$response.body`, bytes). moto answers a
 * denied DynamoDB or SQS request (JSON protocol) in XML, which the SDK cannot parse: the denial, naming the
 * action, is only in that body.
 */
export function keepErrorBodies(aws: AwsClients): void {
  const middleware: DeserializeMiddleware<object, MetadataBearer> = (next) => async (args) => {
    const result = await next(args);
    const response = result.response as { statusCode?: number; body?: unknown };
    if ((response.statusCode ?? 200) >= 400 && response.body && typeof response.body === 'object') {
      const chunks: Buffer[] = [];
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
      response.body = new Uint8Array(Buffer.concat(chunks));
    }
    return result;
  };
  // Low priority: next to the HTTP handler, before the protocol's deserializer reads the body.
  const options = { step: 'deserialize', priority: 'low', name: 'keepErrorBody' } as const;
  aws.dynamodb.middlewareStack.add(middleware, options);
  aws.sns.middlewareStack.add(middleware, options);
  aws.sqs.middlewareStack.add(middleware, options);
}

/** What the emulator said when it refused a request: the SDK's message and the raw body it kept. */
export function denial(error: unknown): string {
  const body = (error as { $response?: { body?: unknown } }).$response?.body;
  const text = body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : '';
  return `${error instanceof Error ? error.message : String(error)} ${text}`;
}
