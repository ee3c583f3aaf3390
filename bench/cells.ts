/**
 * One scenario through one Kafka-fed pipeline (the direct pipeline or SyncHub): its own Kafka topic,
 * consumer group and task queue; warm-up, measured changes, completion on the domain queue, a final check
 * of DynamoDB, then the counts.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Client } from '@temporalio/client';
import type { Producer } from 'kafkajs';
import { sleep } from './async';
import type { AppConfig } from '../src/config/app-config';
import { loadConfig } from '../src/config/app-config';
import { createProducer } from '../src/clients/kafka';
import { canonicalMaterialNumber } from '../src/domain';
import { ensureKafkaTopics } from '../src/provision/kafka';
import { requestsBetween, totalRequests, type RequestCounter, type RequestCounts } from './aws-requests';
import type { BenchContext } from './context';
import { DeliveryTracker } from './delivery';
import { DEFAULT_PROBE_LIMITS, nextProbeRate, type ProbeStep } from './probe';
import { perChange, percentiles, resultWithoutFigures, type CellResult, type PipelineId } from './report';
import { currentItemKey } from './sink';
import { temporalCost, waitForClosedRuns } from './temporal-cost';
import { changeDocument, latestVersions, type Change, type Workload } from './workload';

/** Pause after a phase so its trailing work (last workflow tasks, last requests) lands inside it. */
export const SETTLE_MS = 2_000;
/**
 * Idle timeout of entity workflows in scenarios counted start to close: they close half a minute after their
 * last change, when the burst is over, as they would after the 10 minutes of production; closing is counted in
 * the events and actions of each change, not in the time of the burst. (With 2 s, new entities closed while
 * the burst still ran and took a third of its throughput.)
 */
const SHORT_IDLE_TIMEOUT_MS = 30_000;

export interface StartedPipeline {
  /** Requests of the pipeline's own AWS clients. */
  requests: RequestCounter;
  /** Task queue whose workflow histories are the pipeline's Temporal cost. */
  taskQueue?: string;
  stop(): Promise<void>;
}

export interface KafkaPipeline {
  id: Extract<PipelineId, 'direct' | 'synchub'>;
  start(config: AppConfig): Promise<StartedPipeline>;
}

export interface CellLimits {
  timeoutMs: number;
}

/** Produces the changes: in batches as fast as Kafka takes them, or open loop at `rate` per second. */
export async function produceChanges(
  ctx: BenchContext,
  producer: Producer,
  topic: string,
  changes: readonly Change[],
  tracker: DeliveryTracker,
  rate?: number,
): Promise<void> {
  const send = (batch: readonly Change[]) =>
    producer.send({
      topic,
      acks: -1,
      messages: batch.map((change) => ({
        key: canonicalMaterialNumber(change.matnr),
        value: changeDocument(change),
      })),
    });
  if (!rate) {
    for (let i = 0; i < changes.length && !ctx.signal.aborted; i += 100) {
      const batch = changes.slice(i, i + 100);
      const at = Date.now();
      for (const change of batch) tracker.produced(change, at);
      await send(batch);
    }
    return;
  }
  // Open loop: each change has its scheduled time, and latency counts from it even if the producer lags.
  const start = Date.now();
  const scheduled = (i: number) => start + (i * 1000) / rate;
  let next = 0;
  while (next < changes.length && !ctx.signal.aborted) {
    const due = Math.min(changes.length, Math.floor(((Date.now() - start) * rate) / 1000) + 1);
    if (due <= next) {
      await sleep(Math.max(1, scheduled(next) - Date.now()));
      continue;
    }
    const batch = changes.slice(next, due);
    batch.forEach((change, j) => tracker.produced(change, scheduled(next + j)));
    next = due;
    await send(batch);
  }
}

/** Waits until every entity's latest version was delivered, reporting progress every few seconds. */
export async function awaitDelivery(
  ctx: BenchContext,
  label: string,
  tracker: DeliveryTracker,
  startedAt: number,
  timeoutMs: number,
  extra: () => string = () => '',
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let reported = Date.now();
  while (!tracker.complete && Date.now() < deadline && !ctx.signal.aborted) {
    await sleep(100, ctx.signal);
    if (Date.now() - reported >= 3_000) {
      reported = Date.now();
      const seconds = (Date.now() - startedAt) / 1000;
      ctx.progress(
        `${label}: ${tracker.done}/${tracker.keys} entities complete, ${tracker.deliveredChanges} changes ` +
          `delivered, ${seconds.toFixed(0)} s${extra()}`,
      );
    }
  }
  return tracker.complete;
}

/**
 * Reads each entity's CURRENT item once at the end (BatchGetItem, 100 keys a call): is the latest version
 * stored, and when was it stored.
 */
export async function verifyStored(
  ctx: BenchContext,
  changes: readonly Change[],
  tracker: DeliveryTracker,
): Promise<{ checked: number; matching: number; examples: string[]; storedLatencies: number[] }> {
  const latest = latestVersions(changes);
  const keys = [...latest.keys()];
  const result = {
    checked: keys.length,
    matching: 0,
    examples: [] as string[],
    storedLatencies: [] as number[],
  };
  const found = new Map<string, { version?: string; storedAt?: string }>();
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, { pk: string; sk: string }[]> | undefined = {
      [ctx.table]: keys.slice(i, i + 100).map((key) => currentItemKey('material', key)),
    };
    while (request && Object.keys(request).length > 0) {
      const response = await ctx.aws.documents.send(
        new BatchGetCommand({
          RequestItems: Object.fromEntries(
            Object.entries(request).map(([table, tableKeys]) => [
              table,
              {
                Keys: tableKeys,
                ProjectionExpression: 'entityKey, #version, storedAt',
                ExpressionAttributeNames: { '#version': 'version' },
              },
            ]),
          ),
        }),
      );
      for (const item of response.Responses?.[ctx.table] ?? []) {
        found.set(String(item.entityKey), {
          version: item.version as string | undefined,
          storedAt: item.storedAt as string | undefined,
        });
      }
      request = response.UnprocessedKeys as Record<string, { pk: string; sk: string }[]> | undefined;
      if (request && Object.keys(request).length > 0) await sleep(100);
    }
  }
  for (const [key, version] of latest) {
    const item = found.get(key);
    if (item?.version === version) {
      result.matching += 1;
      const produced = tracker.producedTime(key, version);
      const stored = item.storedAt ? Date.parse(item.storedAt) : NaN;
      if (produced !== undefined && Number.isFinite(stored)) result.storedLatencies.push(stored - produced);
    } else if (result.examples.length < 5) {
      result.examples.push(`${key}: expected ${version}, found ${item?.version ?? 'nothing'}`);
    }
  }
  return result;
}

/** Terminates the runs still open on a task queue (entities that would otherwise idle for minutes). */
export async function terminateOpen(client: Client, taskQueue: string): Promise<number> {
  let terminated = 0;
  for await (const info of client.workflow.list({
    query: `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"`,
  })) {
    await client.workflow
      .getHandle(info.workflowId, info.runId)
      .terminate('bench scenario over')
      .catch(() => undefined);
    terminated += 1;
  }
  return terminated;
}

/** A scenario's pipeline, started on its own topic and warmed up. */
interface CellRun {
  label: string;
  topic: string;
  producer: Producer;
  pipe: StartedPipeline;
}

type Verification = Awaited<ReturnType<typeof verifyStored>>;

/** One measured phase: changes produced, then awaited on the domain queue. */
interface Phase {
  tracker: DeliveryTracker;
  start: number;
  end: number;
  /** Entities whose latest version had not been delivered when the wait ended. */
  missing: number;
  complete: boolean;
  requests: RequestCounts;
}

/**
 * Starts the pipeline on a topic, consumer group and task queue of the cell's own, produces the warm-up and
 * waits for it, runs `body`, then stops everything and deletes the topics.
 */
async function withCell<T>(
  ctx: BenchContext,
  pipeline: KafkaPipeline,
  workload: Workload,
  limits: CellLimits,
  body: (run: CellRun) => Promise<T>,
): Promise<T> {
  const label = `${pipeline.id}/${workload.scenario}`;
  const cellId = `${ctx.runId}-${pipeline.id}-${workload.scenario}`;
  const topic = `bench.${cellId}`;
  const rejectedTopic = `${topic}.rejected`;
  const config = loadConfig({
    ...ctx.env,
    TEMPORAL_TASK_QUEUE: cellId,
    SYNCHUB_TOPIC_MATERIAL: topic,
    SYNCHUB_TOPIC_REJECTED: rejectedTopic,
    KAFKA_GROUP_ID: cellId,
    // Entities counted start to close complete soon after their last change; running entities keep the
    // configured (production) idle timeout and are terminated after the measurement.
    ...(workload.counting === 'whole' ? { SYNCHUB_IDLE_TIMEOUT_MS: String(SHORT_IDLE_TIMEOUT_MS) } : {}),
  });
  await ensureKafkaTopics(ctx.kafka, [topic, rejectedTopic]);
  ctx.progress(`${label}: starting (${workload.description})`);
  // A producer per scenario: a long-lived one keeps asking for the metadata of topics deleted since.
  const producer = createProducer(ctx.kafka);
  await producer.connect();
  const pipe = await pipeline.start(config);
  try {
    const warmup = new DeliveryTracker(workload.warmup);
    ctx.drain.track(warmup);
    const warmupStart = Date.now();
    await produceChanges(ctx, producer, topic, workload.warmup, warmup);
    if (!(await awaitDelivery(ctx, `${label} warm-up`, warmup, warmupStart, limits.timeoutMs))) {
      if (ctx.signal.aborted) throw new Error('interrupted');
      throw new Error(`${label}: warm-up did not complete within ${limits.timeoutMs / 1000} s`);
    }
    await sleep(SETTLE_MS, ctx.signal);
    return await body({ label, topic, producer, pipe });
  } finally {
    ctx.drain.track(undefined);
    await pipe.stop();
    await producer.disconnect();
    const admin = ctx.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, rejectedTopic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

/**
 * Produces `changes` (open loop at `rate`, or at once) and waits until every entity's latest version was
 * delivered: for `timeoutMs` from the start, or for `graceMs` after the last change was due.
 */
async function runPhase(
  ctx: BenchContext,
  run: CellRun,
  changes: readonly Change[],
  rate: number | undefined,
  wait: { timeoutMs: number } | { graceMs: number },
): Promise<Phase> {
  const before = run.pipe.requests.snapshot();
  const tracker = new DeliveryTracker(changes);
  ctx.drain.track(tracker);
  const start = Date.now();
  ctx.progress(`${run.label}: producing ${changes.length} changes${rate ? ` at ${rate}/s` : ''}`);
  await produceChanges(ctx, run.producer, run.topic, changes, tracker, rate);
  // Grace counts from when the last change was due, so a producer that falls behind the rate fails the step.
  const timeoutMs =
    'timeoutMs' in wait
      ? wait.timeoutMs
      : Math.max(0, start + (rate ? (changes.length * 1000) / rate : 0) + wait.graceMs - Date.now());
  const complete = await awaitDelivery(ctx, run.label, tracker, start, timeoutMs);
  if (ctx.signal.aborted) throw new Error('interrupted');
  const end = complete ? tracker.lastDoneAt : Date.now();
  const missing = tracker.keys - tracker.done;
  await sleep(SETTLE_MS, ctx.signal);
  return {
    tracker,
    start,
    end,
    missing,
    complete,
    requests: requestsBetween(before, run.pipe.requests.snapshot()),
  };
}

/**
 * The cell's figures from one phase: throughput, latencies, AWS requests, and (SyncHub) the Temporal cost
 * read from the histories; open entity workflows are terminated after.
 */
async function phaseResult(
  ctx: BenchContext,
  pipeline: KafkaPipeline,
  workload: Workload,
  run: CellRun,
  phase: Phase,
  verification: Verification,
  limits: CellLimits,
  notes: string[],
): Promise<CellResult> {
  const { tracker, start, end, complete } = phase;
  const changes = tracker.producedCount;
  const seconds = (end - start) / 1000;
  const result: CellResult = {
    pipeline: pipeline.id,
    scenario: workload.scenario,
    title: workload.title,
    description: workload.description,
    changes,
    warmupChanges: workload.warmup.length,
    entities: tracker.keys,
    complete,
    missing: phase.missing,
    seconds: Number(seconds.toFixed(2)),
    changesPerSecond: complete ? Number((changes / seconds).toFixed(1)) : null,
    latencyMs: {
      stored: percentiles(verification.storedLatencies),
      delivered: percentiles(tracker.deliveryLatencies()),
    },
    // A pipeline without a task queue makes no Temporal calls: zero, not unknown.
    perChange: {
      historyEvents: run.pipe.taskQueue ? null : 0,
      temporalActions: run.pipe.taskQueue ? null : 0,
      awsRequests: perChange(totalRequests(phase.requests), changes),
    },
    aws: { requests: totalRequests(phase.requests), byOperation: phase.requests },
    delivery: { messages: tracker.messages, distinctChanges: tracker.deliveredChanges },
    verification: {
      checked: verification.checked,
      matching: verification.matching,
      examples: verification.examples,
    },
    notes,
  };

  if (run.pipe.taskQueue) {
    const taskQueue = run.pipe.taskQueue;
    if (workload.counting === 'whole') {
      ctx.progress(`${run.label}: waiting for the entity workflows to close, then reading their histories`);
      const closed = await waitForClosedRuns(ctx.client, taskQueue, {
        atLeast: tracker.keys + workload.warmupKeys.size,
        timeoutMs: limits.timeoutMs,
      });
      if (!closed) notes.push('some workflow runs were still open when the histories were read');
    } else {
      ctx.progress(`${run.label}: reading the histories of the measured window`);
    }
    const warmupIds = [...workload.warmupKeys];
    const cost = await temporalCost(ctx.client, taskQueue, {
      ...(workload.counting === 'window'
        ? { window: { fromMs: start, toMs: end + SETTLE_MS } }
        : { exclude: (id: string) => warmupIds.some((key) => id.includes(key)) }),
    });
    result.temporal = { ...cost, counting: workload.counting };
    result.perChange.historyEvents = perChange(cost.events, changes);
    result.perChange.temporalActions = perChange(cost.actions, changes);
    const terminated = await terminateOpen(ctx.client, taskQueue);
    if (terminated > 0 && workload.counting === 'whole') notes.push(`${terminated} open runs terminated`);
  }
  return result;
}

export async function runKafkaCell(
  ctx: BenchContext,
  pipeline: KafkaPipeline,
  workload: Workload,
  limits: CellLimits,
): Promise<CellResult> {
  return withCell(ctx, pipeline, workload, limits, async (run) => {
    const notes: string[] = [];
    const phase = await runPhase(ctx, run, workload.measured, workload.rate, { timeoutMs: limits.timeoutMs });
    if (!phase.complete) notes.push(`incomplete after ${limits.timeoutMs / 1000} s`);
    ctx.drain.track(undefined);
    const verification = await verifyStored(ctx, workload.measured, phase.tracker);
    const result = await phaseResult(ctx, pipeline, workload, run, phase, verification, limits, notes);
    ctx.progress(
      `${run.label}: ${result.changes} changes in ${(result.seconds ?? 0).toFixed(1)} s` +
        (result.changesPerSecond ? ` (${result.changesPerSecond}/s)` : ''),
    );
    return result;
  });
}

const ms = (value: number | null) => (value === null ? '-' : Math.round(value));

/** How long after the last change of a step was due its changes may still arrive for it to count as kept up. */
export function probeGraceMs(stepSeconds: number): number {
  return Math.max(2_000, stepSeconds * 100);
}

/**
 * The `capacity` scenario: steps of open-loop production at rising rates (see `probe.ts`). A step is kept up
 * with when every entity's latest version was delivered within the grace period after its last change was
 * due; a newer version delivered stands for the ones it superseded, so a backlog anywhere fails the step. A
 * step not kept up with is drained before the next. The result is the highest rate kept up with, with that
 * step's latencies and costs; every step is in the notes.
 */
export async function runCapacityCell(
  ctx: BenchContext,
  pipeline: KafkaPipeline,
  workload: Workload,
  probe: { fromRate: number; stepSeconds: number },
  limits: CellLimits,
): Promise<CellResult> {
  const more = workload.more;
  if (!more) throw new Error(`${workload.scenario} has no steps`);
  return withCell(ctx, pipeline, workload, limits, async (run) => {
    const notes: string[] = [];
    const steps: ProbeStep[] = [];
    const graceMs = probeGraceMs(probe.stepSeconds);
    const probeLimits = { ...DEFAULT_PROBE_LIMITS, fromRate: probe.fromRate };
    let best: { rate: number; phase: Phase; verification: Verification } | undefined;
    for (
      let rate = nextProbeRate(steps, probeLimits);
      rate !== undefined;
      rate = nextProbeRate(steps, probeLimits)
    ) {
      const changes = more(Math.max(1, Math.round(rate * probe.stepSeconds)));
      const phase = await runPhase(ctx, run, changes, rate, { graceMs });
      if (phase.complete) {
        const delivered = percentiles(phase.tracker.deliveryLatencies());
        ctx.drain.track(undefined);
        const verification = await verifyStored(ctx, changes, phase.tracker);
        if (!best || rate > best.rate) best = { rate, phase, verification };
        notes.push(`${rate}/s: kept up (delivered p50 ${ms(delivered.p50)} ms, p99 ${ms(delivered.p99)} ms)`);
      } else {
        notes.push(
          `${rate}/s: behind (${phase.missing} of ${phase.tracker.keys} entities' latest versions not delivered ` +
            `${graceMs / 1000} s after the last change was due)`,
        );
        ctx.progress(`${run.label}: ${rate}/s not kept up with; letting the pipeline catch up`);
        const caughtUp = await awaitDelivery(ctx, run.label, phase.tracker, phase.start, limits.timeoutMs);
        if (!caughtUp) throw new Error(`${run.label}: did not catch up within ${limits.timeoutMs / 1000} s`);
        await sleep(SETTLE_MS, ctx.signal);
      }
      ctx.progress(`${run.label}: ${notes.at(-1)!}`);
      steps.push({ rate, keptUp: phase.complete });
    }
    ctx.drain.track(undefined);
    if (!best) {
      return resultWithoutFigures({
        pipeline: pipeline.id,
        scenario: workload.scenario,
        title: workload.title,
        description: workload.description,
        warmupChanges: workload.warmup.length,
        notes: [...notes, `not kept up with at ${probeLimits.minRate}/s`],
      });
    }
    const result = await phaseResult(
      ctx,
      pipeline,
      workload,
      run,
      best.phase,
      best.verification,
      limits,
      notes,
    );
    // The rate kept up with, not the step's changes over its time to the last delivery.
    result.changesPerSecond = best.rate;
    result.title = `running, highest sustained ${best.rate}/s`;
    ctx.progress(`${run.label}: highest rate kept up with ${best.rate}/s`);
    return result;
  });
}
