/**
 * The two ceilings, measured in the same run as the pipelines:
 * - Temporal: the least per-entity workflow (signalWithStart, one no-op local activity), for new entities
 *   and for entities whose workflow is already running, with a fixed number of calls in flight;
 * - the sink: SyncHub's AWS requests per change (conditional put of the CURRENT item, SNS publish to the
 *   topic the domain queues are subscribed to), without Temporal or Kafka.
 */
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { createAwsClients } from '../src/clients/aws';
import { connectClient, connectWorker, temporalDataConverter } from '../src/clients/temporal';
import { transformIdoc, validateRecord } from '../src/domain';
import { installTemporalRuntime } from '../src/workers/temporal-runtime';
import { countRequests, requestsBetween, totalRequests } from './aws-requests';
import { inPool, sleep } from './async';
import { awaitDelivery, SETTLE_MS, verifyStored, type CellLimits } from './cells';
import type { BenchContext } from './context';
import { DeliveryTracker } from './delivery';
import { leastChange, leastClose, type leastEntity } from './least-workflow';
import { perChange, percentiles, type CellResult } from './report';
import { createSink } from './sink';
import { temporalCost, waitForClosedRuns } from './temporal-cost';
import { changeDocument, type Workload } from './workload';

let leastBundle: Promise<string> | undefined;

function leastWorkflowCode(): Promise<string> {
  const silent = () => undefined;
  leastBundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('./least-workflow'),
    logger: { log: silent, trace: silent, debug: silent, info: silent, warn: silent, error: silent },
  }).then((bundle) => bundle.code);
  return leastBundle;
}

export async function runTemporalCeiling(
  ctx: BenchContext,
  mode: 'new' | 'running',
  sizes: { entities: number; versions: number },
  inFlight: number,
  limits: CellLimits,
): Promise<CellResult> {
  const label = `temporal-ceiling/${mode}`;
  const taskQueue = `${ctx.runId}-temporal-ceiling-${mode}`;
  const entities = sizes.entities;
  const rounds = mode === 'new' ? 1 : sizes.versions;
  const description =
    mode === 'new'
      ? `${entities} new workflows: signalWithStart, one no-op local activity, complete; ${inFlight} calls in flight`
      : `${entities} running workflows (one change each first), then ${rounds} more signalWithStart each, ` +
        `one no-op local activity per change; ${inFlight} calls in flight`;
  ctx.progress(`${label}: starting (${description})`);
  installTemporalRuntime(ctx.logger);

  const sentAt = new Map<string, number>();
  const doneAt = new Map<string, number>();
  const connection = await connectWorker(ctx.config.temporal);
  const worker = await Worker.create({
    connection,
    namespace: ctx.config.temporal.namespace,
    taskQueue,
    workflowBundle: { code: await leastWorkflowCode() },
    // The same payload encryption as SyncHub's workers, so the ceiling pays what SyncHub pays.
    dataConverter: temporalDataConverter(ctx.config.temporal),
    activities: {
      async noop(workflowId: string, change: number) {
        doneAt.set(`${workflowId}#${change}`, Date.now());
      },
    },
    maxConcurrentActivityTaskExecutions: ctx.config.temporal.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: ctx.config.temporal.maxConcurrentWorkflowTasks,
    isolateExecutionTimeout: ctx.config.temporal.workflowExecutionGuardMs,
    workflowStackTraces: ctx.config.temporal.workflowStackTraces,
  });
  const workerRun = worker.run();
  const client = await connectClient(ctx.config.temporal);
  const ids = Array.from({ length: entities }, (_, i) => `least:${taskQueue}:${i}`);
  const primerId = `least:${taskQueue}:primer`;
  const send = async ({ id, change }: { id: string; change: number }) => {
    sentAt.set(`${id}#${change}`, Date.now());
    await client.workflow.signalWithStart<typeof leastEntity, [number]>('leastEntity', {
      workflowId: id,
      taskQueue,
      args: [{ id, closeAfterFirst: mode === 'new' }],
      signal: leastChange,
      signalArgs: [change],
    });
  };
  const awaitDone = async (expected: number, startedAt: number) => {
    const deadline = Date.now() + limits.timeoutMs;
    let reported = Date.now();
    while (doneAt.size < expected && Date.now() < deadline && !ctx.signal.aborted) {
      await sleep(50, ctx.signal);
      if (Date.now() - reported >= 3_000) {
        reported = Date.now();
        ctx.progress(
          `${label}: ${doneAt.size}/${expected} changes, ${((Date.now() - startedAt) / 1000).toFixed(0)} s`,
        );
      }
    }
    return doneAt.size >= expected;
  };

  try {
    let warmup = 0;
    if (mode === 'new') {
      // One workflow first, not counted, so the measurement starts with the worker polling and warm.
      warmup = 1;
      await send({ id: primerId, change: 0 });
      if (!(await awaitDone(warmup, Date.now()))) throw new Error(`${label}: warm-up did not complete`);
      await sleep(SETTLE_MS, ctx.signal);
    } else {
      warmup = entities;
      const warmupStart = Date.now();
      await inPool(
        ids.map((id) => ({ id, change: 0 })),
        inFlight,
        send,
        ctx.signal,
      );
      if (!(await awaitDone(warmup, warmupStart))) throw new Error(`${label}: warm-up did not complete`);
      await sleep(SETTLE_MS, ctx.signal);
    }
    const measured = Array.from({ length: rounds }, (_, round) =>
      ids.map((id) => ({ id, change: mode === 'new' ? 0 : round + 1 })),
    ).flat();
    const start = Date.now();
    await inPool(measured, inFlight, send, ctx.signal);
    const complete = await awaitDone(warmup + measured.length, start);
    if (ctx.signal.aborted) throw new Error('interrupted');
    const measuredKeys = new Set(measured.map(({ id, change }) => `${id}#${change}`));
    const end = complete
      ? [...doneAt].reduce((last, [key, at]) => (measuredKeys.has(key) ? Math.max(last, at) : last), 0)
      : Date.now();
    await sleep(SETTLE_MS, ctx.signal);
    if (mode === 'running') {
      await inPool(ids, inFlight, (id) => client.workflow.getHandle(id).signal(leastClose), ctx.signal);
    }
    ctx.progress(`${label}: waiting for the workflows to close, then reading their histories`);
    const closed = await waitForClosedRuns(ctx.client, taskQueue, {
      atLeast: entities + (mode === 'new' ? 1 : 0),
      timeoutMs: limits.timeoutMs,
    });
    const cost = await temporalCost(
      ctx.client,
      taskQueue,
      mode === 'running'
        ? { window: { fromMs: start, toMs: end + SETTLE_MS } }
        : { exclude: (id) => id === primerId },
    );
    const latencies = [...measuredKeys]
      .map((key) => (doneAt.get(key) ?? NaN) - (sentAt.get(key) ?? NaN))
      .filter(Number.isFinite);
    const seconds = (end - start) / 1000;
    const notes = [
      ...(complete ? [] : [`incomplete after ${limits.timeoutMs / 1000} s`]),
      ...(closed ? [] : ['some workflow runs were still open when the histories were read']),
    ];
    ctx.progress(`${label}: ${measured.length} changes in ${seconds.toFixed(1)} s`);
    return {
      pipeline: 'temporal-ceiling',
      scenario: mode,
      title: `${mode} entities (${inFlight} in flight)`,
      description,
      changes: measured.length,
      warmupChanges: warmup,
      entities,
      complete,
      missing: measured.length - [...measuredKeys].filter((key) => doneAt.has(key)).length,
      seconds: Number(seconds.toFixed(2)),
      changesPerSecond: complete ? Number((measured.length / seconds).toFixed(1)) : null,
      latencyMs: { signalToActivity: percentiles(latencies) },
      perChange: {
        historyEvents: perChange(cost.events, measured.length),
        temporalActions: perChange(cost.actions, measured.length),
        awsRequests: 0,
      },
      temporal: { ...cost, counting: mode === 'running' ? 'window' : 'whole' },
      notes,
    };
  } finally {
    worker.shutdown();
    await workerRun;
    await connection.close();
    await client.connection.close();
  }
}

export async function runSinkCeiling(
  ctx: BenchContext,
  workload: Workload,
  inFlight: number,
  limits: CellLimits,
): Promise<CellResult> {
  const label = 'sink-ceiling/new';
  const description =
    `${workload.measured.length} changes: conditional PutItem of the CURRENT item, then SNS Publish; ` +
    `${inFlight} changes in flight, records transformed beforehand`;
  ctx.progress(`${label}: starting (${description})`);
  const aws = createAwsClients(ctx.config.aws);
  const counter = countRequests(aws);
  const sink = createSink(aws, ctx.table, ctx.topicArn);
  try {
    const records = workload.measured.map((change) => ({
      change,
      record: validateRecord(transformIdoc(changeDocument(change))),
    }));
    const tracker = new DeliveryTracker(workload.measured);
    ctx.drain.track(tracker);
    const before = counter.snapshot();
    const start = Date.now();
    await inPool(
      records,
      inFlight,
      async ({ change, record }) => {
        tracker.produced(change, Date.now());
        if (await sink.put(record, new Date().toISOString())) await sink.publish(record);
      },
      ctx.signal,
    );
    const complete = await awaitDelivery(ctx, label, tracker, start, limits.timeoutMs);
    if (ctx.signal.aborted) throw new Error('interrupted');
    const end = complete ? tracker.lastDoneAt : Date.now();
    await sleep(SETTLE_MS, ctx.signal);
    ctx.drain.track(undefined);
    const requests = requestsBetween(before, counter.snapshot());
    const verification = await verifyStored(ctx, workload.measured, tracker);
    const changes = workload.measured.length;
    const seconds = (end - start) / 1000;
    ctx.progress(`${label}: ${changes} changes in ${seconds.toFixed(1)} s`);
    return {
      pipeline: 'sink-ceiling',
      scenario: 'new',
      title: `new entities (${inFlight} in flight)`,
      description,
      changes,
      warmupChanges: 0,
      entities: tracker.keys,
      complete,
      missing: tracker.keys - tracker.done,
      seconds: Number(seconds.toFixed(2)),
      changesPerSecond: complete ? Number((changes / seconds).toFixed(1)) : null,
      // Closed loop: the put is issued when the change is taken, so produce-to-stored is not measured here.
      latencyMs: { delivered: percentiles(tracker.deliveryLatencies()) },
      perChange: {
        historyEvents: 0,
        temporalActions: 0,
        awsRequests: perChange(totalRequests(requests), changes),
      },
      aws: { requests: totalRequests(requests), byOperation: requests },
      delivery: { messages: tracker.messages, distinctChanges: tracker.deliveredChanges },
      verification: {
        checked: verification.checked,
        matching: verification.matching,
        examples: verification.examples,
      },
      notes: complete ? [] : [`incomplete after ${limits.timeoutMs / 1000} s`],
    };
  } finally {
    ctx.drain.track(undefined);
    aws.destroy();
  }
}
