import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { NativeConnection } from '@temporalio/worker';
import type { Consumer, IHeaders, Kafka, Producer, RecordMetadata } from 'kafkajs';
import type { ActivityDeps } from '../../src/activities';
import { createAwsClients, type AwsClients } from '../../src/clients/aws';
import { createKafka, createProducer } from '../../src/clients/kafka';
import { connectClient, temporalDataConverter } from '../../src/clients/temporal';
import { loadConfig, type AppConfig, type CodecKeySource } from '../../src/config/app-config';
import { planViews } from '../../src/config/domain-views';
import { ENTITY_TYPES } from '../../src/domain';
import type { Ingester } from '../../src/ingest/ingester';
import type { ChangeSignaller } from '../../src/ingest/workflow-signaller';
import { createLogger } from '../../src/logger';
import { ensureDomainQueue, ensureTable, ensureTopic, type ProvisionedQueue } from '../../src/provision/aws';
import { ensureKafkaTopics } from '../../src/provision/kafka';
import {
  composeIngester,
  composeSignaller,
  composeWorkerDeps,
  sapReadQueues,
  type Wiring,
} from '../../src/workers/compose';
import { createSapWorker, createSyncWorker } from '../../src/workers/create-worker';
import { installTemporalRuntime } from '../../src/workers/temporal-runtime';
import { randomId } from './ids';
import { testStackEnv, workflowBundlePath } from './test-env';

export const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', 'test');

export interface QueueMessage {
  body: Record<string, unknown>;
  attributes: Record<string, string>;
}

/**
 * Everything one integration test needs on the shared stack, isolated by a random id: its own Kafka topic,
 * SNS topic, domain queues and task queue.
 */
/** A record as it landed on the rejected topic. */
export interface RejectedCopy {
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

/** One header of a rejected record, as text. */
export function rejectedHeader(copy: RejectedCopy, name: string): string | undefined {
  const value = copy.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

export class Harness {
  readonly workers: { worker: Worker; running: Promise<void>; connection: NativeConnection }[] = [];
  readonly ingesters: Ingester[] = [];
  private readonly readers: Consumer[] = [];
  private producer?: Producer;

  private constructor(
    readonly id: string,
    readonly config: AppConfig,
    readonly env: NodeJS.ProcessEnv,
    readonly aws: AwsClients,
    readonly kafka: Kafka,
    readonly client: Client,
    readonly queues: Record<string, ProvisionedQueue>,
  ) {}

  static async create(
    options: { idleTimeoutMs?: number; env?: Record<string, string> } = {},
  ): Promise<Harness> {
    const id = randomId();
    const baseConfig = loadConfig(testStackEnv(options.env));
    const aws = createAwsClients(baseConfig.aws);
    // A test with its own AWS emulator needs the table there too.
    if (options.env?.AWS_ENDPOINT_URL || options.env?.SYNCHUB_TABLE)
      await ensureTable(aws, baseConfig.sync.table);
    const topicArn = await ensureTopic(aws, `synchub-${id}`);
    const env = testStackEnv({
      TEMPORAL_TASK_QUEUE: `synchub-${id}`,
      ...Object.fromEntries(
        ENTITY_TYPES.map((type) => [`SYNCHUB_TOPIC_${type.toUpperCase()}`, `sap.${type}.${id}`]),
      ),
      SYNCHUB_TOPIC_REJECTED: `synchub.rejected.${id}`,
      SYNCHUB_SNS_TOPIC_ARN: topicArn,
      SYNCHUB_QUEUE_PREFIX: id,
      KAFKA_GROUP_ID: `synchub-${id}`,
      SYNCHUB_IDLE_TIMEOUT_MS: String(options.idleTimeoutMs ?? 60_000),
      SYNCHUB_WORKFLOW_BUNDLE: workflowBundlePath(),
      ...options.env,
    });
    const config = loadConfig(env);
    const kafka = createKafka(config.kafka, logger, `-${id}`);
    await ensureKafkaTopics(kafka, [...Object.values(config.kafka.topics), config.kafka.rejectedTopic]);
    const queues: Record<string, ProvisionedQueue> = {};
    const views = planViews(config.domains);
    for (const domain of config.domains) {
      queues[domain.name] = await ensureDomainQueue(aws, topicArn, config.sync.queuePrefix, domain, views);
    }
    const client = await connectClient(config.temporal);
    return new Harness(id, config, env, aws, kafka, client, queues);
  }

  /**
   * The same test resources (topics, queues, task queue, consumer group) under a changed configuration, as an
   * upgrade that sets new variables sees them. Its workers and ingesters are stopped by `stopProcesses`; the
   * shared clients are closed by this harness's `close`.
   */
  reconfigured(extra: Record<string, string>): Harness {
    const env = { ...this.env, ...extra };
    return new Harness(this.id, loadConfig(env), env, this.aws, this.kafka, this.client, this.queues);
  }

  /** Stops the workers, ingesters and readers started so far, keeping the shared clients (an upgrade). */
  async stopProcesses(): Promise<void> {
    await Promise.allSettled(this.readers.map((reader) => reader.disconnect()));
    await Promise.allSettled(this.ingesters.map((ingester) => ingester.stop()));
    for (const { worker, running, connection } of this.workers) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
    }
    await this.producer?.disconnect();
    this.readers.length = 0;
    this.ingesters.length = 0;
    this.workers.length = 0;
    this.producer = undefined;
  }

  /**
   * Starts a worker on the harness's task queue. `codecKeys` replaces the harness's payload encryption keys
   * for this worker (a worker restarted after a key rotation).
   */
  async startWorker(
    overrides: Partial<ActivityDeps> = {},
    codecKeys: CodecKeySource | undefined = this.config.temporal.codecKeys,
  ): Promise<Worker> {
    // Installed only where a worker runs: the native runtime keeps a process alive until its last worker stops.
    installTemporalRuntime(logger);
    const connection = await NativeConnection.connect({ address: this.config.temporal.address });
    const worker = await createSyncWorker({
      connection,
      namespace: this.config.temporal.namespace,
      taskQueue: this.config.temporal.taskQueue,
      deps: { ...composeWorkerDeps({ ...this.wiring, historyKafka: this.kafka }), ...overrides },
      workflowBundle: { codePath: workflowBundlePath() },
      dataConverter: temporalDataConverter(codecKeys ? { codecKeys } : {}),
    });
    this.workers.push({ worker, running: worker.run(), connection });
    // The SAP task queues' workers (business partner reads, rate-limited per system), as `synchub worker`
    // runs them.
    const sapDeps = { ...composeWorkerDeps({ ...this.wiring, historyKafka: this.kafka }), ...overrides };
    for (const queue of sapReadQueues(this.config)) {
      const sapConnection = await NativeConnection.connect({ address: this.config.temporal.address });
      const sapWorker = await createSapWorker({
        connection: sapConnection,
        namespace: this.config.temporal.namespace,
        sapTaskQueue: queue.taskQueue,
        deps: sapDeps,
        rateLimit: queue.rateLimit,
        dataConverter: temporalDataConverter(codecKeys ? { codecKeys } : {}),
      });
      this.workers.push({ worker: sapWorker, running: sapWorker.run(), connection: sapConnection });
    }
    return worker;
  }

  /** Stops every worker started so far (graceful), as a deployment does before starting new ones. */
  async stopWorkers(): Promise<void> {
    for (const { worker, running } of this.workers) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
    }
  }

  private get wiring(): Wiring {
    return { config: this.config, aws: this.aws, client: this.client };
  }

  /** `revision: 0` starts runs as releases before code revisions did (upgrade tests). */
  signaller(options: { revision?: number } = {}): ChangeSignaller {
    return composeSignaller(this.wiring, options);
  }

  /** `signal` replaces the real signaller, e.g. with one that wraps it to observe the calls. */
  async startIngester(options: { signal?: ChangeSignaller } = {}): Promise<Ingester> {
    const ingester = composeIngester({
      ...this.wiring,
      kafka: this.kafka,
      logger,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await ingester.start();
    this.ingesters.push(ingester);
    return ingester;
  }

  /**
   * Produces one record exactly as given: any bytes, a tombstone (null value), headers, a chosen partition.
   * Returns where it landed (`baseOffset` is its offset).
   */
  async produce(
    value: string | Buffer | null,
    key: string | Buffer | null = null,
    topic = this.config.kafka.topics.material,
    options: { headers?: Record<string, string>; partition?: number } = {},
  ): Promise<RecordMetadata[]> {
    if (!this.producer) {
      this.producer = createProducer(this.kafka);
      await this.producer.connect();
    }
    return this.producer.send({
      topic,
      acks: -1,
      messages: [
        {
          key,
          value,
          ...(options.headers ? { headers: options.headers } : {}),
          ...(options.partition !== undefined ? { partition: options.partition } : {}),
        },
      ],
    });
  }

  /** Drains what is currently in a domain queue (SNS to SQS delivery is complete once publish returned). */
  async drainQueue(domain: string): Promise<QueueMessage[]> {
    const queue = this.queues[domain];
    if (!queue) throw new Error(`no queue for domain ${domain}`);
    const messages: QueueMessage[] = [];
    for (;;) {
      const { Messages } = await this.aws.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: 300,
          MessageAttributeNames: ['All'],
        }),
      );
      if (!Messages || Messages.length === 0) return messages;
      // Drained means gone, as a consumer would leave it: messages received but kept in flight make every
      // later call on the queue slower in the emulator.
      await this.aws.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.queueUrl,
          Entries: Messages.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle ?? '',
          })),
        }),
      );
      for (const message of Messages) {
        messages.push({
          body: JSON.parse(message.Body ?? '{}') as Record<string, unknown>,
          attributes: Object.fromEntries(
            Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
              name,
              value.StringValue ?? '',
            ]),
          ),
        });
      }
    }
  }

  /**
   * Every record written to the harness's rejected topic from its start, collected as it arrives (the array
   * fills in the background; poll it with waitFor).
   */
  async readRejected(): Promise<RejectedCopy[]> {
    const copies: RejectedCopy[] = [];
    const reader = this.kafka.consumer({ groupId: `rejected-reader-${this.id}-${this.readers.length}` });
    this.readers.push(reader);
    await reader.connect();
    await reader.subscribe({ topics: [this.config.kafka.rejectedTopic], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        copies.push({ key: message.key, value: message.value, headers: message.headers ?? {} });
      },
    });
    return copies;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.readers.map((reader) => reader.disconnect()));
    await Promise.allSettled(this.ingesters.map((ingester) => ingester.stop()));
    for (const { worker, running, connection } of this.workers) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
    }
    await this.producer?.disconnect();
    await this.client.connection.close();
    this.aws.destroy();
  }
}
