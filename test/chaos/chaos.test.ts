import { randomBytes, randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRecordStore } from '../../src/adapters/record-store';
import { createAwsClients } from '../../src/clients/aws';
import { createKafka, createProducer } from '../../src/clients/kafka';
import { connectClient } from '../../src/clients/temporal';
import { loadConfig } from '../../src/config/app-config';
import { DEFAULT_DOMAINS } from '../../src/config/domains';
import { createLogger } from '../../src/logger';
import { provisionAll } from '../../src/cli/commands/stack';
import { stackDown, stackStatus, stackUp } from '../../src/stack/stack';
import { waitFor } from '../../src/util/wait-for';
import { bundleWorkflows } from '../../src/workers/workflow-bundle';
import { entityId, planChanges, produceAll, produceBurst, type ProducedRecord } from './change-generator';
import { CHAOS_STACK_ENV, chaosEnv } from './chaos-stack';
import { runFaultSchedule, type InjectedFault } from './faults';
import { checkInvariants, countViolations } from './invariants';
import { observe } from './observe';
import { chaosProfile } from './profiles';
import { QueueCollector } from './queue-collector';
import { DynamoDBStreamsClient, enableStream } from './stream-audit';
import { SupervisedProcess } from '../support/synchub-process';
import { renderSummary } from './summary';

const profile = chaosProfile();
jest.setTimeout(45 * 60_000);

const stateDir = CHAOS_STACK_ENV.SYNCHUB_STATE_DIR!;
const runDir = path.join(
  path.dirname(stateDir),
  'chaos-runs',
  new Date().toISOString().replace(/[:.]/g, '-'),
);
/** Undone in reverse order after the test, also when it fails half-way. */
const cleanups: Array<() => Promise<unknown> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      log(`cleanup: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
});

const log = (message: string) =>
  process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

test(`chaos (${profile.name} profile): faults while changes stream in; every invariant holds`, async () => {
  const runStarted = Date.now();
  fs.mkdirSync(runDir, { recursive: true });

  // A fresh stack for the run: the Temporal database and Kafka log start empty.
  const stackConfig = loadConfig(chaosEnv()).stack;
  await stackDown(stackConfig, () => undefined);
  fs.rmSync(stateDir, { recursive: true, force: true });
  cleanups.push(async () => {
    if (process.env.SYNCHUB_CHAOS_KEEP_STACK !== '1') await stackDown(stackConfig, () => undefined);
  });
  await stackUp(stackConfig, log);
  log(`stack up: ${(await stackStatus(stackConfig)).map((s) => `${s.name} ${s.endpoint}`).join(', ')}`);

  const bundlePath = path.join(stateDir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, await bundleWorkflows());

  const id = `chaos${Date.now().toString(36)}`;
  const runEnv: Record<string, string> = {
    TEMPORAL_TASK_QUEUE: id,
    SYNCHUB_TOPIC_MATERIAL: `sap.material.${id}`,
    SYNCHUB_TOPIC_CUSTOMER: `sap.customer.${id}`,
    SYNCHUB_TOPIC_REJECTED: `synchub.rejected.${id}`,
    SYNCHUB_SNS_TOPIC: id,
    SYNCHUB_TABLE: id,
    SYNCHUB_QUEUE_PREFIX: id,
    KAFKA_GROUP_ID: id,
    SYNCHUB_WORKFLOW_BUNDLE: bundlePath,
    // Entity workflows go idle and finish during the run, so later changes start new runs too.
    SYNCHUB_IDLE_TIMEOUT_MS: '30000',
  };
  const env = chaosEnv(runEnv);
  const config = loadConfig(env);
  const provisioned = await provisionAll(config);
  const aws = createAwsClients(config.aws);
  await enableStream(aws.dynamodb, config.sync.table);
  const streams = new DynamoDBStreamsClient({
    region: config.aws.region,
    endpoint: config.aws.endpoints.dynamodb,
    ...(config.aws.credentials ? { credentials: config.aws.credentials } : {}),
  });
  const queueUrls = Object.fromEntries(provisioned.queues.map((queue) => [queue.domain, queue.queueUrl]));
  const collector = new QueueCollector(aws.sqs, queueUrls);
  collector.start();
  cleanups.push(
    () => aws.destroy(),
    () => streams.destroy(),
    () => collector.stop(),
  );

  const logDir = path.join(runDir, 'logs');
  const worker = new SupervisedProcess('worker', 'worker', env, logDir);
  let ingesterCount = 0;
  const spawnIngester = () => new SupervisedProcess(`ingester-${++ingesterCount}`, 'ingest', env, logDir);
  const allIngesters: SupervisedProcess[] = [];
  const ingesters = [spawnIngester()];
  allIngesters.push(...ingesters);
  cleanups.push(() => Promise.all([worker, ...allIngesters].map((p) => p.stop())));
  worker.start();
  ingesters[0]!.start();

  const plan = planChanges({
    runTag: randomBytes(3).toString('hex'),
    seed: Number(process.env.SYNCHUB_CHAOS_SEED ?? randomInt(1, 2 ** 31)),
    materials: profile.materials,
    customers: profile.customers,
    versionsPerEntity: profile.versionsPerEntity,
    duplicateRate: profile.duplicateRate,
    outOfOrderRate: profile.outOfOrderRate,
    burstVersions: profile.burstVersions,
  });
  log(
    `profile ${profile.name}: ${plan.records.length} records for ${plan.entities.size} entities, seed ${plan.seed}`,
  );

  const kafka = createKafka(config.kafka, createLogger('fatal', 'chaos-generator'), '-chaos');
  const producer = createProducer(kafka);
  await producer.connect();
  const streamStarted = Date.now();
  let lastReported = 0;
  const topics = { material: config.kafka.topics.material, customer: config.kafka.topics.customer };
  const burstProduced: ProducedRecord[] = [];
  const producing = produceAll(producer, plan, topics, {
    ratePerSecond: profile.ratePerSecond,
    onProgress: (sent) => {
      if (sent - lastReported >= 50 || sent === plan.records.length) {
        lastReported = sent;
        log(`produced ${sent}/${plan.records.length}`);
      }
    },
  });
  const faulting = runFaultSchedule(
    profile.faults,
    {
      stack: stackConfig,
      worker,
      ingesters,
      spawnIngester: () => {
        const ingester = spawnIngester();
        ingesters.push(ingester);
        allIngesters.push(ingester);
        return ingester;
      },
      awsOutageSeconds: profile.awsOutageSeconds,
      burst: async () => {
        const sent = await produceBurst(producer, plan.burst, topics);
        burstProduced.push(...sent);
        return `${sent.length} versions of material ${plan.burst[0]?.entityKey ?? '-'} acknowledged`;
      },
      groupMembers: async () => {
        const admin = kafka.admin();
        await admin.connect();
        try {
          const { groups } = await admin.describeGroups([config.kafka.groupId]);
          return groups[0]?.members.filter((member) => member.memberAssignment.length > 0).length ?? 0;
        } finally {
          await admin.disconnect();
        }
      },
      log,
    },
    streamStarted,
  );
  let produced: ProducedRecord[];
  let faults: InjectedFault[];
  try {
    [produced, faults] = await Promise.all([producing, faulting]);
    produced = [...produced, ...burstProduced];
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  const quietSince = Math.max(...faults.map((fault) => fault.endedAt), Date.now());
  log(`stream and faults done: ${produced.length} records, ${faults.length} faults; waiting to converge`);

  const client = await connectClient(config.temporal);
  cleanups.push(() => client.connection.close());
  const store = createRecordStore(aws.documents, config.sync.table);
  const converged = async () => {
    for (const [key, entity] of plan.entities) {
      const [type, ...rest] = key.split('#');
      const stored = await store.get(type!, rest.join('#'));
      if (stored?.publishedVersion !== entity.expected.version) return false;
    }
    const delivered = new Set(
      collector.deliveries.map((d) => `${d.domain}|${entityId(d.entityType, d.entityKey)}|${d.version}`),
    );
    for (const [key, entity] of plan.entities) {
      for (const domain of DEFAULT_DOMAINS) {
        if (domain.entityTypes !== 'all' && !domain.entityTypes.includes(entity.entityType)) continue;
        if (!delivered.has(`${domain.name}|${key}|${entity.expected.version}`)) return false;
      }
    }
    const unsettled = await client.workflow.count(
      `TaskQueue = "${id}" AND ExecutionStatus = "Running" AND SyncStatus != "Synced"`,
    );
    return unsettled.count === 0;
  };
  const didConverge = await waitFor('the system to converge', converged, {
    timeoutMs: profile.convergeTimeoutMs,
    intervalMs: 1_000,
  }).catch((error: unknown) => {
    log(`not converged: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  });
  const convergedAfterMs = didConverge ? Date.now() - quietSince : undefined;
  if (convergedAfterMs !== undefined)
    log(
      `converged ${(convergedAfterMs / 1000).toFixed(1)} s after the last fault and record; checking invariants`,
    );

  // Every workflow is settled, so nothing more is published: read the queues dry before reading back.
  await waitFor('the domain queues to be drained', () => collector.drained(), { timeoutMs: 60_000 });
  await collector.stop();
  const seen = await observe({
    aws,
    streams,
    client,
    table: config.sync.table,
    taskQueue: id,
    workflowBundlePath: bundlePath,
    temporal: config.temporal,
    deliveries: collector.deliveries,
  });
  const invariants = checkInvariants(plan, produced, DEFAULT_DOMAINS, seen);
  const unexpectedExits = [worker, ...allIngesters].flatMap((p) => p.unexpectedExits);

  await Promise.all([worker, ...allIngesters].map((p) => p.stop()));
  const summary = renderSummary({
    profile: profile.name,
    plan,
    produced,
    faults,
    unexpectedExits,
    deliveries: collector.deliveries,
    signalledPositions: seen.signalledPositions,
    staleOverwrites: invariants[1]!.count,
    lostEntities: invariants[0]!.count,
    historiesReplayed: seen.replay.histories,
    convergedAfterMs,
    runMs: Date.now() - runStarted,
    invariants,
  });
  fs.writeFileSync(path.join(runDir, 'summary.md'), summary);
  fs.writeFileSync(
    path.join(runDir, 'faults.json'),
    JSON.stringify({ faults, unexpectedExits, seed: plan.seed }, null, 2),
  );
  process.stderr.write(`\nChaos summary (${runDir}):\n\n${summary}\n`);

  expect(unexpectedExits).toEqual([]);
  expect(invariants.filter((entry) => entry.count > 0)).toEqual([]);
  expect(countViolations(invariants)).toBe(0);
});
