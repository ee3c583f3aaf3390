/**
 * Throughput and produce-to-DynamoDB latency for material changes through the whole pipeline:
 * Kafka -> ingester -> entity workflow -> transform/persist/publish -> DynamoDB + SNS/SQS.
 *
 *   npm run bench -- --count 500
 *
 * Runs worker and ingester in this process on their own Kafka topic, task queue and SNS topic, against the
 * configured stack (the embedded local stack when nothing is configured).
 */
import { randomBytes } from 'node:crypto';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { Command } from 'commander';
import { createPayloadStore } from '../src/activities/payload-store';
import { entityPartitionKey } from '../src/activities/record-store';
import { createAwsClients } from '../src/clients/aws';
import { createKafka, createProducer } from '../src/clients/kafka';
import { connectClient, connectWorker } from '../src/clients/temporal';
import { loadConfig } from '../src/config/app-config';
import { DEFAULT_DOMAINS } from '../src/config/domains';
import { canonicalMaterialNumber } from '../src/domain';
import { createIngester } from '../src/ingest/ingester';
import { createChangeSignaller } from '../src/ingest/workflow-signaller';
import { createLogger } from '../src/logger';
import { ensureDomainQueue, ensureTopic } from '../src/provision/aws';
import { ensureKafkaTopics } from '../src/provision/kafka';
import { upAndProvision } from '../src/cli/commands/stack';
import { stderrProgress } from '../src/stack/progress';
import { materialIdoc } from '../src/tools/matmas-generator';
import { createActivityDeps } from '../src/workers/activity-deps';
import { createSyncWorker } from '../src/workers/create-worker';
import { installTemporalRuntime } from '../src/workers/temporal-runtime';

/** Entity workflows of the run complete this long after their last change, so the run leaves nothing open. */
const IDLE_TIMEOUT_MS = 2_000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const options = new Command()
    .option('-n, --count <n>', 'materials to produce', (v) => Number.parseInt(v, 10), 200)
    .option('--timeout <seconds>', 'give up after this long', (v) => Number.parseInt(v, 10), 600)
    .parse()
    .opts<{ count: number; timeout: number }>();

  const runId = `bench${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const base = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', 'bench', 'stderr');
  if (base.localStack) await upAndProvision(base, stderrProgress);
  const aws = createAwsClients(base.aws);
  const topicArn = await ensureTopic(aws, `synchub-${runId}`);
  const config = loadConfig({
    ...process.env,
    ...(base.localStack ? { SYNCHUB_LOCAL_STACK: 'true' } : {}),
    TEMPORAL_TASK_QUEUE: runId,
    SYNCHUB_TOPIC_MATERIAL: `sap.material.${runId}`,
    SYNCHUB_TOPIC_REJECTED: `synchub.rejected.${runId}`,
    SYNCHUB_SNS_TOPIC_ARN: topicArn,
    KAFKA_GROUP_ID: runId,
  });
  for (const domain of DEFAULT_DOMAINS) await ensureDomainQueue(aws, topicArn, runId, domain);
  const kafka = createKafka(config.kafka, logger, `-${runId}`);
  await ensureKafkaTopics(kafka, [config.kafka.topics.material, config.kafka.rejectedTopic]);

  installTemporalRuntime(logger);
  process.stderr.write('[bench] bundling workflows and starting worker + ingester\n');
  const workerConnection = await connectWorker(config.temporal);
  const worker = await createSyncWorker({
    connection: workerConnection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: createActivityDeps(config, aws),
    maxConcurrentActivities: config.temporal.maxConcurrentActivities,
    maxConcurrentWorkflowTasks: config.temporal.maxConcurrentWorkflowTasks,
  });
  const workerRun = worker.run();
  const client = await connectClient(config.temporal);
  const ingester = createIngester({
    kafka,
    payloads: createPayloadStore(aws.documents, config.sync.table),
    signal: createChangeSignaller(client, {
      taskQueue: config.temporal.taskQueue,
      idleTimeoutMs: IDLE_TIMEOUT_MS,
    }),
    settings: {
      groupId: config.kafka.groupId,
      topics: [config.kafka.topics.material],
      rejectedTopic: config.kafka.rejectedTopic,
      partitionsConsumedConcurrently: 3,
      fromBeginning: true,
      claimCheckBytes: config.sync.claimCheckBytes,
    },
    logger,
  });
  await ingester.start();

  const producer = createProducer(kafka);
  await producer.connect();
  const producedAt = new Map<string, number>();
  const prefix = String(700_000_000 + Math.floor(Math.random() * 99_999_999));
  const keys = Array.from({ length: options.count }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);
  process.stderr.write(`[bench] producing ${options.count} materials to ${config.kafka.topics.material}\n`);
  const started = Date.now();
  for (let i = 0; i < keys.length; i += 50) {
    const batch = keys.slice(i, i + 50);
    const at = Date.now();
    await producer.send({
      topic: config.kafka.topics.material,
      acks: -1,
      messages: batch.map((matnr, j) => ({
        key: canonicalMaterialNumber(matnr),
        value: materialIdoc({ matnr, docnum: i + j + 1, serial: '20261121120000' }),
      })),
    });
    for (const matnr of batch) producedAt.set(canonicalMaterialNumber(matnr), at);
  }
  const producedIn = Date.now() - started;

  const storedAt = new Map<string, number>();
  const deadline = started + options.timeout * 1000;
  let lastReport = 0;
  while (storedAt.size < keys.length && Date.now() < deadline) {
    const missing = [...producedAt.keys()].filter((key) => !storedAt.has(key));
    for (let i = 0; i < missing.length; i += 100) {
      const chunk = missing.slice(i, i + 100);
      const result = await aws.documents.send(
        new BatchGetCommand({
          RequestItems: {
            [config.sync.table]: {
              Keys: chunk.map((key) => ({ pk: entityPartitionKey('material', key), sk: 'CURRENT' })),
              ProjectionExpression: 'entityKey, storedAt',
            },
          },
        }),
      );
      for (const item of result.Responses?.[config.sync.table] ?? []) {
        storedAt.set(String(item.entityKey), Date.parse(String(item.storedAt)));
      }
    }
    if (Date.now() - lastReport > 2_000) {
      lastReport = Date.now();
      process.stderr.write(
        `[bench] stored ${storedAt.size}/${keys.length} after ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    }
    if (storedAt.size < keys.length) await new Promise((resolve) => setTimeout(resolve, 1_000));
  }

  const latencies = [...storedAt].map(([key, at]) => at - producedAt.get(key)!).sort((a, b) => a - b);
  const lastStored = Math.max(...storedAt.values());
  const seconds = (lastStored - started) / 1000;
  const summary = {
    materials: keys.length,
    stored: storedAt.size,
    produceSeconds: producedIn / 1000,
    endToEndSeconds: Number(seconds.toFixed(2)),
    throughputPerSecond: Number((storedAt.size / seconds).toFixed(1)),
    latencyMs: {
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: latencies.at(-1),
    },
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);

  await ingester.stop();
  await producer.disconnect();
  process.stderr.write("[bench] waiting for the run's entity workflows to complete\n");
  const openQuery = `TaskQueue = "${config.temporal.taskQueue}" AND ExecutionStatus = "Running"`;
  const closeDeadline = Date.now() + 120_000;
  while ((await client.workflow.count(openQuery)).count > 0 && Date.now() < closeDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  worker.shutdown();
  await workerRun;
  await workerConnection.close();
  await client.connection.close();
  aws.destroy();
  if (storedAt.size < keys.length) {
    process.stderr.write(`[bench] only ${storedAt.size} of ${keys.length} stored before the timeout\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
