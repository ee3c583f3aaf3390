import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxySinks,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { RetryState } from '@temporalio/common';
import type { SyncActivities } from '../activities';
import type { ApplyFailure, ApplyResult } from '../shared/apply-types';
import {
  DEFAULT_RETRYING_AFTER_MS,
  DEFAULT_RETRY_BUDGET_MS,
  applyOptions,
  backlogOptions,
  compensationOptions,
  enrichOptions,
  sapReadOptions,
  stashOptions,
  storeOptions,
} from './activity-options';
import { stashInChunks } from './change-queue';
import { entitySapTaskQueue, sapTaskQueue } from '../shared/sap-task-queue';
import type { DocumentBody } from '../shared/payload-ref';
import type { ApplyItem, SapRead } from '../shared/apply-types';
import { documentBody, needsSapRead } from './sap-reads';
import { EntityMachine, type Batch } from './entity-machine';
import { legacyEntitySync } from './entity-sync-legacy';
import {
  ENTITY_SYNC_REVISION,
  changeSignal,
  changesSignal,
  operateUpdate,
  pauseSignal,
  resumeSignal,
  resyncSignal,
  retrySignal,
  skipSignal,
  stateQuery,
  type ChangeSignal,
  type EntitySyncInput,
  type EntitySyncState,
  type OperatorAction,
  type OperatorRequest,
  type SyncStatus,
} from './messages';
import { SyncLastError, SyncSourceSystem, SyncStatusAttribute, SyncVersion } from './search-attributes';
import { CHANGE_OUTCOMES, type ChangeOutcome, type SyncHubSinks } from '../shared/worker-metrics';

/**
 * Runs started before this patch existed keep the code they started with (see entity-sync-legacy.ts). Runs
 * started at revision 1 or later (`EntitySyncInput.revision`) run the lean path without the check.
 */
export const LEAN_SYNC_PATCH = 'lean-entity-sync';
const LEAN_PATH_REVISION = 1;
/**
 * An operator action that changes the status (pause, resume, skip, retry) shows in `SyncStatus` at once;
 * before this patch a paused entity kept showing its old status until its next change.
 */
export const STATUS_ON_ACTION_PATCH = 'status-on-operator-action';
/** Superseded versions still waiting for their audit items are written before the entity completes. */
export const RECORD_SUPERSEDED_PATCH = 'record-superseded-before-rest';
/**
 * A business event's entity is read from SAP by an activity on the SAP task queue (rate-limited by the
 * server across all workers) before the apply; before this patch the apply read SAP itself.
 */
export const SAP_READ_QUEUE_PATCH = 'sap-reads-on-sap-task-queue';

/**
 * The entity's SAP system shows in `SyncSourceSystem`. Runs started by the ingester carry it from their
 * start; a run started before SAP systems existed (or before its default alias was renamed) gets it with the
 * first search attribute update after a change named it.
 */
export const SOURCE_SYSTEM_PATCH = 'source-system-attribute';

/**
 * The entity of another SAP system than the default is read on its system's SAP task queue
 * (`<tq>-sap-<alias>`, at that system's rate, from its OData service); before this patch every read went to
 * the default system's `<tq>-sap`.
 */
export const SAP_SYSTEM_QUEUE_PATCH = 'sap-reads-per-system-queue';

const DEFAULT_MAX_HISTORY_EVENTS = 4_000;
const DEFAULT_MAX_HISTORY_BYTES = 2 * 1024 * 1024;
/**
 * Changes per apply call. A backlog goes to a regular activity whose input is recorded in the history, so
 * its documents are bounded too.
 */
const BATCH_LIMITS = { maxItems: 50, maxBytes: 256 * 1024 };
/** Waiting documents above this many bytes are claim-checked before continue-as-new. */
const CARRY_INLINE_BYTES = 128 * 1024;

/** What a failed activity tells about the failure, for the Stuck record. */
function failureOf(error: unknown, fallbackStage: ApplyFailure['stage']): Omit<ApplyFailure, 'index'> {
  if (!(error instanceof ActivityFailure)) {
    if (error instanceof ApplicationFailure)
      return {
        stage: fallbackStage,
        failureType: error.type ?? 'Error',
        message: error.message,
        retryable: false,
      };
    throw error;
  }
  const cause = error.cause;
  const details =
    cause instanceof ApplicationFailure ? (cause.details?.[0] as { stage?: string } | undefined) : undefined;
  const stage = (details?.stage as ApplyFailure['stage'] | undefined) ?? fallbackStage;
  const last =
    cause instanceof ApplicationFailure ? `${cause.type ?? 'Error'}: ${cause.message}` : cause?.message;
  if (
    cause instanceof TimeoutFailure ||
    error.retryState === RetryState.TIMEOUT ||
    error.retryState === RetryState.MAXIMUM_ATTEMPTS_REACHED
  ) {
    return {
      stage,
      failureType: 'RetryBudgetExhausted',
      message: `${stage} kept failing until its retry budget ran out${last ? `; last error: ${last}` : ''}`,
      retryable: false,
    };
  }
  if (cause instanceof ApplicationFailure)
    return { stage, failureType: cause.type ?? 'Unknown', message: cause.message, retryable: false };
  return {
    stage,
    failureType: cause?.name ?? 'ActivityFailure',
    message: cause?.message ?? error.message,
    retryable: false,
  };
}

/**
 * Whether the run takes the lean path. A run started before revisions existed asks the patch (release 0.1's
 * runs have no marker). A run the ingester started at revision 1 or later is lean without asking, so a new
 * run records no marker and no `TemporalChangeVersion` upsert. Its first task may still have been run by a
 * worker of the release before (during a rolling upgrade), which recorded the marker: on replay the check is
 * made, so that marker is matched; when the history holds none, the check returns false and records nothing.
 */
function leanPath(input: EntitySyncInput): boolean {
  if ((input.revision ?? 0) < LEAN_PATH_REVISION) return patched(LEAN_SYNC_PATCH);
  if (workflowInfo().unsafe.isReplaying) patched(LEAN_SYNC_PATCH);
  return true;
}

/**
 * One workflow per SAP entity (ID `<type>:<key>`). Changes arrive as signals, are deduplicated and applied in
 * version order; an older version never replaces a newer one. On the happy path a batch of changes costs one
 * local activity (transform, conditional write, publish) and no timer. A transient fault retries the change
 * durably (Retrying); a change that fails for good leaves the entity Stuck (newer changes queue up) until an
 * operator retries or skips it. The decisions live in EntityMachine; this function wires them to Temporal.
 */
export async function entitySync(input: EntitySyncInput): Promise<EntitySyncState> {
  if (!leanPath(input)) return legacyEntitySync(input);

  const machine = new EntityMachine(
    input.entityType,
    input.entityKey,
    input.carried,
    input.coalesce ?? false,
  );
  const retryBudgetMs = input.retryBudgetMs ?? DEFAULT_RETRY_BUDGET_MS;
  // A batch still unfinished after `retryingAfterMs` is handed to the durable path, which shows Retrying.
  const { applyChanges } = proxyLocalActivities<SyncActivities>({
    ...applyOptions,
    startToCloseTimeout: input.retryingAfterMs ?? DEFAULT_RETRYING_AFTER_MS,
  });
  const applyBacklog = proxyActivities<SyncActivities>(backlogOptions).applyChanges;
  const stash = proxyActivities<SyncActivities>(stashOptions).stashPayloads;
  const durable = proxyActivities<SyncActivities>(storeOptions(retryBudgetMs));
  const durableEnrich = proxyActivities<SyncActivities>(enrichOptions(retryBudgetMs));
  const { markFanOutFailed } = proxyActivities<SyncActivities>(compensationOptions);
  // The SAP task queue of the entity's system (the default system's is `<tq>-sap` either way). Another
  // system's reads went to the default system's queue before the patch; the marker is written at the first
  // such read only, so runs of the default system and runs without reads carry none.
  const { taskQueue, workflowId } = workflowInfo();
  const systemQueue = entitySapTaskQueue(taskQueue, workflowId);
  const sapQueue = (): string =>
    systemQueue !== sapTaskQueue(taskQueue) && patched(SAP_SYSTEM_QUEUE_PATCH)
      ? systemQueue
      : sapTaskQueue(taskQueue);
  const readSap = (read: { item: DocumentBody }): Promise<SapRead> =>
    proxyActivities<SyncActivities>({ ...sapReadOptions, taskQueue: sapQueue() }).readSapEntity(read);
  const readSapDurably = (read: { item: DocumentBody; durable: true }): Promise<SapRead> =>
    proxyActivities<SyncActivities>({
      ...enrichOptions(retryBudgetMs),
      taskQueue: sapQueue(),
    }).readSapEntity(read);

  // Search attributes change only when the status really changes (each upsert is a visibility write): an
  // entity busy with one more change still shows Synced, and Syncing turns Synced when the entity comes to
  // rest. The version goes along with a status change, and at the end of a run.
  const attributes = workflowInfo().typedSearchAttributes;
  const published = {
    status: (attributes.get(SyncStatusAttribute) as SyncStatus | undefined) ?? 'Syncing',
    version: attributes.get(SyncVersion) ?? machine.state.lastAppliedVersion,
    error: attributes.get(SyncLastError) ?? '',
    system: attributes.get(SyncSourceSystem),
  };
  // The entity's SAP system as the ingester names it: from the input, and from each change that names it
  // (a run started before systems existed learns it so; a renamed default alias is picked up).
  let sourceSystem = input.sourceSystem;
  const learnSystem = (change: { sourceSystem?: string }): void => {
    if (change.sourceSystem !== undefined) sourceSystem = change.sourceSystem;
  };
  const publishSearchAttributes = (moment: 'busy' | 'rest' | 'final' = 'busy'): void => {
    const updates = [];
    let status = machine.status();
    if (status === 'Syncing' && published.status === 'Synced') status = 'Synced';
    if (status === 'Synced' && published.status === 'Syncing' && moment === 'busy') status = 'Syncing';
    if (status !== published.status) {
      updates.push({ key: SyncStatusAttribute, value: status });
      published.status = status;
    }
    const version = machine.state.lastAppliedVersion;
    if (
      (updates.length > 0 || moment === 'final') &&
      version !== undefined &&
      version !== published.version
    ) {
      updates.push({ key: SyncVersion, value: version });
      published.version = version;
    }
    const errorType = machine.state.stuck?.failureType ?? '';
    if (errorType !== published.error) {
      updates.push({ key: SyncLastError, value: errorType === '' ? null : errorType });
      published.error = errorType;
    }
    if (sourceSystem !== undefined && sourceSystem !== published.system && patched(SOURCE_SYSTEM_PATCH)) {
      updates.push({ key: SyncSourceSystem, value: sourceSystem });
      published.system = sourceSystem;
    }
    if (updates.length > 0) upsertSearchAttributes(updates);
  };

  // `synchub_changes_total` by outcome, from the entity's counters. Only what happened in this run is
  // reported (the carried counters were reported by the run before); sinks are not called on replay.
  const { synchubMetrics } = proxySinks<SyncHubSinks>();
  let reported: Partial<Record<keyof typeof CHANGE_OUTCOMES, number>> = { ...machine.state.counters };
  const reportCounters = (): void => {
    const counters = machine.state.counters;
    const news: Partial<Record<ChangeOutcome, number>> = {};
    let any = false;
    for (const [field, outcome] of Object.entries(CHANGE_OUTCOMES)) {
      const key = field as keyof typeof CHANGE_OUTCOMES;
      const delta = (counters[key] ?? 0) - (reported[key] ?? 0);
      if (delta > 0) {
        news[outcome] = delta;
        any = true;
      }
    }
    reported = { ...counters };
    if (any) synchubMetrics.changes(input.entityType, news);
  };

  const act = (action: OperatorAction, request?: OperatorRequest): void => {
    machine.act(action, request);
    log.info('operator action', { action, ...request });
    if (patched(STATUS_ON_ACTION_PATCH)) publishSearchAttributes();
  };
  const snapshot = (): EntitySyncState => ({
    ...machine.snapshot(),
    ...(sourceSystem !== undefined ? { sourceSystem } : {}),
  });
  setHandler(stateQuery, snapshot);
  setHandler(changeSignal, (change) => {
    learnSystem(change);
    machine.receive(change);
  });
  setHandler(changesSignal, (changes) =>
    changes.forEach((change) => {
      learnSystem(change);
      machine.receive(change);
    }),
  );
  setHandler(retrySignal, (request) => act('retry', request));
  setHandler(skipSignal, (request) => act('skip', request));
  setHandler(pauseSignal, (request) => act('pause', request));
  setHandler(resumeSignal, (request) => act('resume', request));
  setHandler(resyncSignal, (request) => act('resync', request));
  setHandler(
    operateUpdate,
    (action, request) => {
      const statusBefore = machine.status();
      act(action, request);
      return { action, statusBefore, status: machine.status() };
    },
    {
      validator: (action: OperatorAction, _request?: OperatorRequest) => {
        const refusal = machine.refusal(action);
        if (refusal) throw new Error(refusal);
      },
    },
  );

  const stick = async (change: ChangeSignal, failure: Omit<ApplyFailure, 'index' | 'retryable'>) => {
    const error = machine.stick(change, failure);
    // The failure message as a field (`reason`), like every log line's; it never quotes a personal value.
    const { message: reason, ...stuck } = error;
    log.warn('change stuck', { ...stuck, reason });
    publishSearchAttributes();
    if (failure.stage === 'publish') {
      // The version is SAP's truth and stays stored; it is marked unpublished until the fan-out succeeds.
      const record = {
        entityType: input.entityType,
        entityKey: input.entityKey,
        version: change.version,
        ...(sourceSystem !== undefined ? { sourceSystem } : {}),
      };
      await markFanOutFailed({
        record: record as Parameters<SyncActivities['markFanOutFailed']>[0]['record'],
        reason: `${failure.failureType}: ${failure.message}`,
      }).catch((compensationError: unknown) =>
        log.warn('could not mark the fan-out failure', { compensationError }),
      );
    }
  };

  const request = (batch: Batch, items: ApplyItem[] = batch.items) => ({
    entityType: input.entityType,
    entityKey: input.entityKey,
    ...(sourceSystem !== undefined ? { sourceSystem } : {}),
    items,
    ...(batch.superseded.length > 0 ? { superseded: batch.superseded } : {}),
  });

  /**
   * Business events of the batch with their entity read from SAP on the SAP task queue. All of them are
   * of this one entity and each enriches from its current state, so one read serves the batch.
   */
  const readFromSap = async (items: ApplyItem[]): Promise<ApplyItem[]> => {
    const first = items.find(needsSapRead);
    if (first === undefined || !patched(SAP_READ_QUEUE_PATCH)) return items;
    let sapRead: SapRead;
    try {
      sapRead = await readSap({ item: documentBody(first) });
    } catch (error) {
      // The read itself did not complete (e.g. timed out): a transient fault, retried durably.
      const failure = failureOf(error, 'transform');
      sapRead = { failure: { failureType: failure.failureType, message: failure.message, retryable: true } };
    }
    return items.map((item) => (needsSapRead(item) ? { ...item, sapRead } : item));
  };

  /**
   * Writes the audit items of superseded versions that no apply call took along (their newer version was
   * already applied, or a write failed), so nothing is left unrecorded when the entity completes.
   */
  const recordSuperseded = async (): Promise<void> => {
    for (let batch = machine.supersededBatch(); batch; batch = machine.supersededBatch()) {
      let result: ApplyResult;
      try {
        result = await applyChanges(request(batch));
      } catch {
        result = { outcomes: [], supersededRecorded: false };
      }
      machine.settle(batch, result);
      if (result.supersededRecorded === false) break;
    }
    const dropped = machine.dropSupersededToRecord();
    if (dropped > 0) log.warn('superseded versions left unrecorded', { versions: dropped });
  };

  /** A transient fault: the change is retried as a regular activity, with backoff, within the budget. */
  const retryDurably = async (): Promise<void> => {
    const batch = machine.nextBatch({ maxItems: 1, maxBytes: Number.POSITIVE_INFINITY });
    if (!batch) return;
    machine.retrying = true;
    publishSearchAttributes();
    const [change] = batch.changes;
    let result: ApplyResult;
    try {
      let items = batch.items;
      const item = items[0];
      if (item !== undefined && needsSapRead(item) && patched(SAP_READ_QUEUE_PATCH)) {
        // Read durably on the SAP task queue (an SAP outage backs off there), then apply what it read; a
        // read that fails for good (or runs out of budget) is applied as the change's failure (transform).
        const sapRead = await readSapDurably({ item: documentBody(item), durable: true }).catch(
          (error: unknown): SapRead => {
            const { failureType, message } = failureOf(error, 'transform');
            return { failure: { failureType, message, retryable: false } };
          },
        );
        items = [{ ...item, sapRead }];
      }
      const activities = change!.format === 'event' ? durableEnrich : durable;
      result = await activities.applyChangesDurably(request(batch, items));
    } catch (error) {
      result = {
        outcomes: [],
        failure: { index: 0, ...failureOf(error, 'persist') },
        supersededRecorded: false,
      };
    }
    machine.retrying = false;
    const failed = machine.settle(batch, result);
    if (failed) await stick(failed.failed, failed.failure);
    publishSearchAttributes();
  };

  const applyBatch = async (batch: Batch): Promise<void> => {
    // A backlog (a burst of changes) goes to a regular activity, which ends the workflow task so the
    // signals arriving meanwhile are taken in; a local activity would hold the task open while they pile up,
    // and the server fails a task whose buffered signals pass its limit.
    const backlog = batch.items.length > 1 || machine.state.pending.length > 0;
    let result: ApplyResult;
    try {
      const items = await readFromSap(batch.items);
      result = await (backlog ? applyBacklog(request(batch, items)) : applyChanges(request(batch, items)));
    } catch (error) {
      // The attempt itself failed (e.g. timed out): its first change is retried durably.
      const failure = failureOf(error, 'persist');
      result = {
        outcomes: [],
        failure: { index: 0, ...failure, retryable: true },
        supersededRecorded: false,
      };
    }
    const failed = machine.settle(batch, result);
    if (!failed) return;
    if (failed.failure.retryable) await retryDurably();
    else await stick(failed.failed, failed.failure);
  };

  const resync = async (): Promise<void> => {
    try {
      await durable.republishCurrent({
        entityType: input.entityType,
        entityKey: input.entityKey,
        ...(sourceSystem !== undefined ? { sourceSystem } : {}),
      });
      machine.resynced();
    } catch (error) {
      machine.resyncFailed(failureOf(error, 'publish'));
    }
  };

  const historyFull = (): boolean => {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested ||
      info.historyLength >= (input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS) ||
      info.historySize >= (input.maxHistoryBytes ?? DEFAULT_MAX_HISTORY_BYTES)
    );
  };

  const work = async (): Promise<void> => {
    machine.takeRetry();
    if (machine.takeResync()) await resync();
    while (!historyFull()) {
      const batch = machine.nextBatch(BATCH_LIMITS);
      if (!batch) break;
      publishSearchAttributes();
      await applyBatch(batch);
    }
    publishSearchAttributes(machine.healthyAndIdle() ? 'rest' : 'busy');
  };

  // The workflow's clock (deterministic in workflow code): when the entity last worked, for the idle timer.
  // eslint-disable-next-line no-restricted-properties -- workflow time, replayed identically
  const now = (): number => Date.now();
  // One timer per idle period, not one per change: it is armed when the entity goes quiet and, when it
  // fires early (work happened meanwhile), armed again for the rest of the idle time.
  let lastWork = now();
  let idleTimer = false;
  let idleFired = false;
  const armIdleTimer = (): void => {
    idleTimer = true;
    const remaining = Math.max(1, input.idleTimeoutMs - (now() - lastWork));
    void sleep(remaining).then(() => {
      idleTimer = false;
      idleFired = true;
    });
  };

  for (;;) {
    if (!idleTimer && !idleFired && machine.healthyAndIdle()) armIdleTimer();
    await condition(() => machine.canWork() || idleFired || historyFull());
    if (machine.canWork()) {
      await work();
      reportCounters();
      lastWork = now();
    } else if (idleFired) {
      idleFired = false;
      if (machine.healthyAndIdle() && now() - lastWork >= input.idleTimeoutMs) {
        if (machine.hasSupersededToRecord() && patched(RECORD_SUPERSEDED_PATCH)) await recordSuperseded();
        publishSearchAttributes('final');
        await condition(allHandlersFinished);
        reportCounters();
        if (!machine.canWork()) return snapshot();
      }
    }
    if (historyFull()) {
      // Waiting documents travel into the next run by reference when they would make it large. Changes keep
      // arriving while the claim check runs, so it repeats until what is left inline is small; then the
      // continue-as-new follows in the same activation, before anything else can arrive.
      while (machine.waitingInlineBytes() > CARRY_INLINE_BYTES) {
        const waiting = machine.waitingInline();
        const refs = await stashInChunks(
          stash,
          waiting.map((change) => change.payload ?? ''),
        );
        machine.holdByReference(waiting, refs);
      }
      publishSearchAttributes('final');
      await condition(allHandlersFinished);
      reportCounters();
      await continueAsNew<typeof entitySync>({
        ...input,
        // The next run starts under this code, so it skips the checks of the revisions this code has.
        revision: Math.max(input.revision ?? 0, ENTITY_SYNC_REVISION),
        ...(sourceSystem !== undefined ? { sourceSystem } : {}),
        carried: machine.carry(),
      });
    }
  }
}
