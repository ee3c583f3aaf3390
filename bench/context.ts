/**
 * What one bench run shares across its scenarios: its own DynamoDB table, SNS topic and domain queues (with
 * a drain on them), a Kafka client and a Temporal client for reading histories. Everything the run created
 * in the AWS emulator is deleted at the end, so runs do not slow down the ones after them.
 */
import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteTopicCommand } from '@aws-sdk/client-sns';
import { DeleteQueueCommand } from '@aws-sdk/client-sqs';
import type { Client } from '@temporalio/client';
import type { Kafka } from 'kafkajs';
import { createAwsClients, type AwsClients } from '../src/clients/aws';
import { createKafka } from '../src/clients/kafka';
import { connectClient } from '../src/clients/temporal';
import { loadConfig, type AppConfig } from '../src/config/app-config';
import { DEFAULT_DOMAINS } from '../src/config/domains';
import type { Logger } from '../src/logger';
import { ensureDomainQueue, ensureTable, ensureTopic, type ProvisionedQueue } from '../src/provision/aws';
import { startQueueDrain, type QueueDrain } from './delivery';

export interface BenchContext {
  runId: string;
  /** Environment every pipeline of the run is configured from (table, topic, local stack). */
  env: NodeJS.ProcessEnv;
  config: AppConfig;
  table: string;
  topicArn: string;
  queues: ProvisionedQueue[];
  /** The bench's own AWS clients (provisioning, verification, drain): not counted. */
  aws: AwsClients;
  drain: QueueDrain;
  kafka: Kafka;
  /** The bench's own Temporal client: reads histories. */
  client: Client;
  logger: Logger;
  progress(message: string): void;
  /** Aborted on SIGINT: waits stop early, cleanup still runs. */
  signal: AbortSignal;
  /** Eight digits unique to a scenario of this run, for its material numbers. */
  nextPrefix(): string;
  close(): Promise<void>;
}

/** The domain whose queue decides completion: the first one that receives materials. */
export const WATCHED_DOMAIN =
  DEFAULT_DOMAINS.find((domain) => domain.entityTypes === 'all' || domain.entityTypes.includes('material'))
    ?.name ?? 'analytics';

export async function createBenchContext(
  base: AppConfig,
  logger: Logger,
  progress: (message: string) => void,
  signal: AbortSignal,
): Promise<BenchContext> {
  const runId = `bench${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const aws = createAwsClients(base.aws);
  const table = `synchub-${runId}`;
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) {
      await step().catch((error: unknown) => logger.warn({ err: error }, 'bench cleanup step failed'));
    }
  };
  try {
    progress(`run ${runId}: creating table, SNS topic and ${DEFAULT_DOMAINS.length} domain queues`);
    await ensureTable(aws, table);
    cleanups.push(() => aws.dynamodb.send(new DeleteTableCommand({ TableName: table })));
    const topicArn = await ensureTopic(aws, `synchub-${runId}`);
    cleanups.push(() => aws.sns.send(new DeleteTopicCommand({ TopicArn: topicArn })));
    const queues: ProvisionedQueue[] = [];
    for (const domain of DEFAULT_DOMAINS) {
      const queue = await ensureDomainQueue(aws, topicArn, runId, domain);
      queues.push(queue);
      cleanups.push(async () => {
        await aws.sqs.send(new DeleteQueueCommand({ QueueUrl: queue.queueUrl }));
        await aws.sqs.send(new DeleteQueueCommand({ QueueUrl: queue.deadLetterQueueUrl }));
      });
    }
    const drain = startQueueDrain(
      aws.sqs,
      queues.map((queue) => ({
        domain: queue.domain,
        queueUrl: queue.queueUrl,
        watched: queue.domain === WATCHED_DOMAIN,
      })),
      (error) => logger.warn({ err: error }, 'queue drain: receive failed, retrying'),
    );
    cleanups.push(() => drain.stop());

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...(base.localStack ? { SYNCHUB_LOCAL_STACK: 'true' } : {}),
      SYNCHUB_TABLE: table,
      SYNCHUB_SNS_TOPIC_ARN: topicArn,
    };
    const config = loadConfig(env);
    const kafka = createKafka(config.kafka, logger, `-${runId}`);
    const client = await connectClient(config.temporal);
    cleanups.push(() => client.connection.close());
    cleanups.push(async () => aws.destroy());

    let scenarios = 0;
    const runDigits = String(100_000 + Math.floor(Math.random() * 900_000));
    return {
      runId,
      env,
      config,
      table,
      topicArn,
      queues,
      aws,
      drain,
      kafka,
      client,
      logger,
      progress,
      signal,
      nextPrefix: () => `${runDigits}${String(++scenarios).padStart(2, '0')}`,
      close: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
