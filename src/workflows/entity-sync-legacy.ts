import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { RetryState } from '@temporalio/common';
import type { SyncActivities } from '../activities';
import type { CanonicalRecord } from '../domain/record';
import { compareVersions } from '../domain/version';
import { FailureType } from '../shared/failure-types';
import {
  DEFAULT_RETRYING_AFTER_MS,
  DEFAULT_RETRY_BUDGET_MS,
  compensationOptions,
  enrichOptions,
  stashOptions,
  storeOptions,
  transformOptions,
} from './activity-options';
import { changeId, insertByVersion, isSuperseded, keepLast, stashInChunks } from './change-queue';
import type { PayloadRef } from '../shared/payload-ref';
import {
  changeSignal,
  changesSignal,
  operateUpdate,
  pauseSignal,
  resumeSignal,
  resyncSignal,
  retrySignal,
  skipSignal,
  stateQuery,
  type CarriedState,
  type ChangeSignal,
  type EntityChange,
  type EntitySyncInput,
  type EntitySyncState,
  type FailureStage,
  type OperatorAction,
  type OperatorRequest,
  type SkippedChange,
  type SyncError,
  type SyncStatus,
} from './messages';
import { SyncLastError, SyncStatusAttribute, SyncVersion } from './search-attributes';

const RECENT_IDS_KEPT = 500;
const RECORDS_KEPT = 50;
const DEFAULT_MAX_HISTORY_EVENTS = 4_000;

function emptyState(): CarriedState {
  return {
    recentChangeIds: [],
    pending: [],
    skipped: [],
    errors: [],
    paused: false,
    resyncRequested: false,
    operatorActions: [],
    counters: { received: 0, duplicates: 0, applied: 0, skipped: 0, stuck: 0, resynced: 0, restored: 0 },
  };
}

/** A failure that leaves a change Stuck, with the stage it happened in. Caught inside this workflow. */
class StageFailure extends Error {
  constructor(
    readonly stage: FailureStage,
    readonly failureType: string,
    message: string,
  ) {
    super(message);
  }
}

/** Activity failures become a StageFailure; anything else is a bug in this code and fails the task. */
function stageFailure(stage: FailureStage, error: unknown): StageFailure {
  if (error instanceof ActivityFailure) {
    const cause = error.cause;
    const last =
      cause instanceof ApplicationFailure ? `${cause.type ?? 'Error'}: ${cause.message}` : cause?.message;
    if (
      cause instanceof TimeoutFailure ||
      error.retryState === RetryState.TIMEOUT ||
      error.retryState === RetryState.MAXIMUM_ATTEMPTS_REACHED
    ) {
      return new StageFailure(
        stage,
        'RetryBudgetExhausted',
        `${stage} kept failing until its retry budget ran out${last ? `; last error: ${last}` : ''}`,
      );
    }
    if (cause instanceof ApplicationFailure)
      return new StageFailure(stage, cause.type ?? 'Unknown', cause.message);
    return new StageFailure(stage, cause?.name ?? 'ActivityFailure', cause?.message ?? error.message);
  }
  if (error instanceof ApplicationFailure)
    return new StageFailure(stage, error.type ?? 'Unknown', error.message);
  throw error;
}

/**
 * Temporal refuses a continue-as-new whose input is larger than one payload may be (`limit.blobSize.error`,
 * 2 MiB by default; the task fails with BadContinueAsNewAttributes), and a task response larger than its
 * 4 MiB gRPC limit. Release 0.1 carried every waiting document inline, so a burst wedged its runs either way,
 * and no history holds a continue-as-new whose input exceeded the payload limit: claim-checking the waiting
 * documents whenever the input would come near it changes no recorded command (replay stays deterministic)
 * and frees runs wedged that way. The margin covers what a payload adds around its JSON (metadata,
 * encryption); only a 0.1 run whose continue-as-new input came within it of the limit, and succeeded,
 * would replay differently.
 */
const PAYLOAD_LIMIT_BYTES = 2 * 1024 * 1024;
const PAYLOAD_MARGIN_BYTES = 4 * 1024;

/**
 * The entity workflow of releases before 0.2 (transform, persist and publish as separate activities, timers
 * around each step), kept unchanged so runs started by those releases replay and finish. `entitySync` runs
 * it only for such runs; their next run (continue-as-new) takes the current code. The one change: waiting
 * documents that would make continue-as-new exceed Temporal's payload limit are claim-checked first, so a
 * run wedged by a burst recovers on upgrade (its failed task is retried on the new code, which takes this
 * path). A `patched()` marker cannot guard this: the retried task replays up to that point.
 */
export async function legacyEntitySync(input: EntitySyncInput): Promise<EntitySyncState> {
  const state = input.carried ?? emptyState();
  const retryBudgetMs = input.retryBudgetMs ?? DEFAULT_RETRY_BUDGET_MS;
  const retryingAfterMs = input.retryingAfterMs ?? DEFAULT_RETRYING_AFTER_MS;
  const { transformChange } = proxyLocalActivities<SyncActivities>(transformOptions);
  const { persistRecord, publishRecord, republishCurrent } = proxyActivities<SyncActivities>(
    storeOptions(retryBudgetMs),
  );
  const { enrichEvent } = proxyActivities<SyncActivities>(enrichOptions(retryBudgetMs));
  const { markFanOutFailed } = proxyActivities<SyncActivities>(compensationOptions);
  const { stashPayloads } = proxyActivities<SyncActivities>(stashOptions);

  const seen = new Set(state.recentChangeIds);
  let working = false;
  let retrying = false;
  let retryRequested = false;

  const status = (): SyncStatus => {
    if (state.stuck) return 'Stuck';
    if (state.paused) return 'Paused';
    if (retrying) return 'Retrying';
    if (working || state.pending.length > 0 || state.resyncRequested) return 'Syncing';
    return 'Synced';
  };
  const lastError = (): SyncError | undefined => state.errors.at(-1);

  const snapshot = (): EntitySyncState => {
    const { change: _change, ...stuck } = state.stuck ?? { change: undefined };
    return {
      entityType: input.entityType,
      entityKey: input.entityKey,
      status: status(),
      lastAppliedVersion: state.lastAppliedVersion,
      pendingVersions: state.pending.map((change) => change.version),
      ...(state.stuck ? { stuck: stuck as SyncError } : {}),
      ...(lastError() ? { lastError: lastError() } : {}),
      errors: state.errors,
      skipped: state.skipped,
      paused: state.paused,
      operatorActions: state.operatorActions,
      counters: state.counters,
    };
  };

  // Search attributes are written only when they change: each upsert is a visibility write on the server.
  const published = {
    status: undefined as SyncStatus | undefined,
    version: state.lastAppliedVersion,
    error: '',
  };
  const publishSearchAttributes = (): void => {
    const updates = [];
    const now = status();
    if (now !== published.status) {
      updates.push({ key: SyncStatusAttribute, value: now });
      published.status = now;
    }
    if (state.lastAppliedVersion !== undefined && state.lastAppliedVersion !== published.version) {
      updates.push({ key: SyncVersion, value: state.lastAppliedVersion });
      published.version = state.lastAppliedVersion;
    }
    const errorType = state.stuck?.failureType ?? '';
    if (errorType !== published.error) {
      updates.push({ key: SyncLastError, value: errorType === '' ? null : errorType });
      published.error = errorType;
    }
    if (updates.length > 0) upsertSearchAttributes(updates);
  };

  const skip = (change: EntityChange, reason: SkippedChange['reason'], applied?: string): void => {
    state.counters.skipped += 1;
    const entry: SkippedChange = { sourceId: change.sourceId, version: change.version, reason };
    if (applied !== undefined) entry.appliedVersion = applied;
    state.skipped = keepLast([...state.skipped, entry], RECORDS_KEPT);
    log.info('skipped change', { ...entry });
  };

  const markApplied = (version: string): void => {
    if (state.lastAppliedVersion !== undefined && compareVersions(version, state.lastAppliedVersion) <= 0)
      return;
    state.lastAppliedVersion = version;
  };

  /** Runs a step; if it is still unfinished after `retryingAfterMs`, the entity shows as Retrying meanwhile. */
  const watched = async <T>(step: Promise<T>): Promise<T> => {
    let settled = false;
    void step.then(
      () => (settled = true),
      () => (settled = true),
    );
    if (!(await condition(() => settled, retryingAfterMs))) {
      retrying = true;
      publishSearchAttributes();
    }
    try {
      return await step;
    } finally {
      retrying = false;
    }
  };

  const act = (action: OperatorAction, request: OperatorRequest = {}): void => {
    const statusBefore = status();
    const record = {
      action,
      statusBefore,
      ...request,
      ...(state.stuck ? { version: state.stuck.version } : {}),
    };
    state.operatorActions = keepLast([...state.operatorActions, record], RECORDS_KEPT);
    log.info('operator action', { ...record });
    if (action === 'retry' && state.stuck) retryRequested = true;
    if (action === 'skip' && state.stuck) {
      skip(state.stuck.change, 'operatorSkipped', state.lastAppliedVersion);
      state.stuck = undefined;
    }
    if (action === 'pause') state.paused = true;
    if (action === 'resume') state.paused = false;
    if (action === 'resync') state.resyncRequested = true;
  };

  setHandler(stateQuery, snapshot);
  const receive = (change: EntityChange): void => {
    state.counters.received += 1;
    const id = changeId(change);
    const queued = state.pending.some((pending) => changeId(pending) === id);
    if (change.replay ? queued : seen.has(id)) {
      state.counters.duplicates += 1;
      return;
    }
    seen.add(id);
    state.recentChangeIds.push(id);
    // Sent without its document (a newer version travelled with it): recorded, never applied. 0.1 had no
    // `changes` signal, so no history of a 0.1 run holds one: handling it changes no replay.
    if (isSuperseded(change)) skip(change, 'superseded', change.supersededBy);
    else insertByVersion(state.pending, change);
  };
  setHandler(changeSignal, receive);
  setHandler(changesSignal, (changes) => changes.forEach(receive));
  setHandler(retrySignal, (request) => act('retry', request));
  setHandler(skipSignal, (request) => act('skip', request));
  setHandler(pauseSignal, (request) => act('pause', request));
  setHandler(resumeSignal, (request) => act('resume', request));
  setHandler(resyncSignal, (request) => act('resync', request));
  setHandler(
    operateUpdate,
    (action, request) => {
      const statusBefore = status();
      act(action, request);
      return { action, statusBefore, status: status() };
    },
    {
      validator: (action: OperatorAction, _request?: OperatorRequest) => {
        if ((action === 'retry' || action === 'skip') && !state.stuck) {
          throw new Error(`${action} applies to a Stuck sync; this one is ${status()}`);
        }
        if (action === 'resume' && !state.paused) throw new Error('resume applies to a Paused sync');
      },
    },
  );

  const recordOf = (change: ChangeSignal): Promise<CanonicalRecord> => {
    if (change.format === 'event') return watched(enrichEvent({ event: change.payload ?? '' }));
    return transformChange(
      change.payloadRef
        ? { format: 'idoc', payloadRef: change.payloadRef }
        : { format: 'idoc', payload: change.payload },
    );
  };

  const stage = async <T>(name: FailureStage, step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      throw stageFailure(name, error);
    }
  };

  const apply = async (change: ChangeSignal): Promise<void> => {
    const applied = state.lastAppliedVersion;
    const restoring = applied !== undefined && compareVersions(change.version, applied) <= 0;
    if (restoring && !change.replay) {
      skip(change, change.version === applied ? 'duplicateVersion' : 'olderThanApplied', applied);
      return;
    }
    let record: CanonicalRecord | undefined;
    try {
      record = await stage('transform', () => recordOf(change));
      if (record.entityType !== input.entityType || record.entityKey !== input.entityKey) {
        throw new StageFailure(
          'transform',
          FailureType.EntityMismatch,
          `document ${change.sourceId} is for ${record.entityType} ${record.entityKey}, not ${input.entityType} ${input.entityKey}`,
        );
      }
      const current = record;
      const outcome = await stage('persist', () => watched(persistRecord(current)));
      if (outcome.status === 'stale') {
        if (!change.replay) skip(change, 'staleInStore', outcome.storedVersion);
        markApplied(outcome.storedVersion);
        return;
      }
      if (restoring && outcome.status === 'alreadyApplied' && outcome.published) return;
      if (outcome.status === 'applied' || !outcome.published) {
        await stage('publish', () => watched(publishRecord(current)));
      }
      if (restoring) state.counters.restored += 1;
      else state.counters.applied += 1;
      markApplied(record.version);
    } catch (error) {
      if (!(error instanceof StageFailure)) throw error;
      const failure: SyncError = {
        sourceId: change.sourceId,
        version: change.version,
        stage: error.stage,
        failureType: error.failureType,
        message: error.message,
        ...(change.origin ? { origin: change.origin } : {}),
      };
      state.errors = keepLast([...state.errors, failure], RECORDS_KEPT);
      state.stuck = { ...failure, change };
      state.counters.stuck += 1;
      const { message: reason, ...stuck } = failure;
      log.warn('change stuck', { ...stuck, reason });
      if (error.stage === 'publish' && record) {
        // The version is SAP's truth and stays stored; it is marked unpublished until the fan-out succeeds.
        const stored = record;
        await markFanOutFailed({ record: stored, reason: `${error.failureType}: ${error.message}` }).catch(
          (compensationError: unknown) =>
            log.warn('could not mark the fan-out failure', { compensationError }),
        );
      }
    }
  };

  const resync = async (): Promise<void> => {
    state.resyncRequested = false;
    try {
      await stage('resync', () =>
        watched(republishCurrent({ entityType: input.entityType, entityKey: input.entityKey })),
      );
      state.counters.resynced += 1;
    } catch (error) {
      if (!(error instanceof StageFailure)) throw error;
      state.errors = keepLast(
        [
          ...state.errors,
          {
            sourceId: 'resync',
            version: state.lastAppliedVersion ?? '',
            stage: error.stage,
            failureType: error.failureType,
            message: error.message,
          },
        ],
        RECORDS_KEPT,
      );
    }
  };

  const historyFull = (): boolean => {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested ||
      info.historyLength >= (input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS)
    );
  };

  const canWork = (): boolean => {
    if (state.paused) return false;
    if (state.stuck) return retryRequested;
    return state.resyncRequested || state.pending.length > 0;
  };
  const healthyAndIdle = (): boolean =>
    !state.stuck && !state.paused && !state.resyncRequested && state.pending.length === 0;

  publishSearchAttributes();
  for (;;) {
    const woke = await condition(canWork, input.idleTimeoutMs);
    if (!woke) {
      // Stuck and Paused syncs wait for their operator; only a healthy, idle one completes.
      if (healthyAndIdle()) {
        await condition(allHandlersFinished);
        return snapshot();
      }
      continue;
    }
    working = true;
    if (state.stuck && retryRequested) {
      retryRequested = false;
      const { change } = state.stuck;
      state.stuck = undefined;
      state.pending.unshift(change);
    }
    if (state.resyncRequested) await resync();
    while (!state.stuck && !state.paused && state.pending.length > 0) {
      publishSearchAttributes();
      await apply(state.pending.shift()!);
      if (historyFull()) break;
    }
    working = false;
    publishSearchAttributes();
    if (historyFull()) {
      await condition(allHandlersFinished);
      state.recentChangeIds = keepLast(state.recentChangeIds, RECENT_IDS_KEPT);
      const carried = new TextEncoder().encode(JSON.stringify({ ...input, carried: state })).length;
      if (carried > PAYLOAD_LIMIT_BYTES - PAYLOAD_MARGIN_BYTES) {
        const inline = state.pending.filter((change) => change.payload !== undefined);
        const refs = await stashInChunks(
          stashPayloads,
          inline.map((change) => change.payload ?? ''),
        );
        inline.forEach((change, index) => {
          delete (change as { payload?: string }).payload;
          (change as { payloadRef?: PayloadRef }).payloadRef = refs[index];
        });
      }
      await continueAsNew<typeof legacyEntitySync>({ ...input, carried: state });
    }
  }
}
