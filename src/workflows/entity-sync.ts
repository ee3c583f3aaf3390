import {
  ActivityFailure,
  ApplicationFailure,
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
import type { SyncActivities } from '../activities';
import { compareVersions } from '../domain/version';
import { FailureType } from '../shared/failure-types';
import { enrichOptions, transformOptions, storeOptions, publishOptions } from './activity-options';
import { changeId, insertByVersion, keepLast } from './change-queue';
import {
  changeSignal,
  stateQuery,
  type CarriedState,
  type ChangeSignal,
  type EntitySyncInput,
  type EntitySyncState,
  type SyncStatus,
} from './messages';
import { SyncStatusAttribute, SyncVersion } from './search-attributes';

// Transform is pure and fast: a local activity saves a task-queue round trip per change.
const { transformChange } = proxyLocalActivities<SyncActivities>(transformOptions);
const { persistRecord } = proxyActivities<SyncActivities>(storeOptions);
const { publishRecord } = proxyActivities<SyncActivities>(publishOptions);
const { enrichEvent } = proxyActivities<SyncActivities>(enrichOptions);

const RECENT_IDS_KEPT = 500;
const RECORDS_KEPT = 50;
const DEFAULT_MAX_HISTORY_EVENTS = 4_000;

function emptyState(): CarriedState {
  return {
    recentChangeIds: [],
    pending: [],
    skipped: [],
    rejected: [],
    counters: { received: 0, duplicates: 0, applied: 0, skipped: 0, rejected: 0 },
  };
}

/**
 * One workflow per SAP entity (ID `<type>:<key>`). Changes arrive as signals, are deduplicated, applied in
 * version order (transform, persist, publish), and an older version never replaces a newer one.
 */
export async function entitySync(input: EntitySyncInput): Promise<EntitySyncState> {
  const state = input.carried ?? emptyState();
  const seen = new Set(state.recentChangeIds);
  let status: SyncStatus = state.rejected.length > 0 ? 'rejected' : 'waiting';

  const snapshot = (): EntitySyncState => ({
    entityType: input.entityType,
    entityKey: input.entityKey,
    status,
    lastAppliedVersion: state.lastAppliedVersion,
    pendingVersions: state.pending.map((change) => change.version),
    skipped: state.skipped,
    rejected: state.rejected,
    counters: state.counters,
  });

  setHandler(stateQuery, snapshot);
  setHandler(changeSignal, (change) => {
    state.counters.received += 1;
    const id = changeId(change);
    if (seen.has(id)) {
      state.counters.duplicates += 1;
      return;
    }
    seen.add(id);
    state.recentChangeIds.push(id);
    insertByVersion(state.pending, change);
  });

  // Search attributes are written once per applied change, and only when they changed: every upsert is a
  // visibility write on the server. `syncing` is visible through the state query only.
  const published = { status, version: state.lastAppliedVersion };
  const setStatus = (next: SyncStatus): void => {
    status = next;
  };
  const publishSearchAttributes = (): void => {
    const updates = [];
    if (status !== 'syncing' && status !== published.status) {
      updates.push({ key: SyncStatusAttribute, value: status });
      published.status = status;
    }
    if (state.lastAppliedVersion !== undefined && state.lastAppliedVersion !== published.version) {
      updates.push({ key: SyncVersion, value: state.lastAppliedVersion });
      published.version = state.lastAppliedVersion;
    }
    if (updates.length > 0) upsertSearchAttributes(updates);
  };

  const skip = (
    change: ChangeSignal,
    reason: 'olderThanApplied' | 'duplicateVersion' | 'staleInStore',
    applied: string,
  ) => {
    state.counters.skipped += 1;
    state.skipped = keepLast(
      [
        ...state.skipped,
        { sourceId: change.sourceId, version: change.version, reason, appliedVersion: applied },
      ],
      RECORDS_KEPT,
    );
    log.info('skipped change', {
      sourceId: change.sourceId,
      version: change.version,
      reason,
      appliedVersion: applied,
    });
  };

  const markApplied = (version: string): void => {
    if (state.lastAppliedVersion !== undefined && compareVersions(version, state.lastAppliedVersion) <= 0)
      return;
    state.lastAppliedVersion = version;
  };

  const recordOf = (change: ChangeSignal) => {
    if (change.format === 'event') return enrichEvent({ event: change.payload ?? '' });
    return transformChange(
      change.payloadRef
        ? { format: 'idoc', payloadRef: change.payloadRef }
        : { format: 'idoc', payload: change.payload },
    );
  };

  const apply = async (change: ChangeSignal): Promise<void> => {
    const applied = state.lastAppliedVersion;
    if (applied !== undefined && compareVersions(change.version, applied) <= 0) {
      skip(change, change.version === applied ? 'duplicateVersion' : 'olderThanApplied', applied);
      return;
    }
    setStatus('syncing');
    try {
      const record = await recordOf(change);
      if (record.entityType !== input.entityType || record.entityKey !== input.entityKey) {
        throw ApplicationFailure.nonRetryable(
          `document ${change.sourceId} is for ${record.entityType} ${record.entityKey}, not ${input.entityType} ${input.entityKey}`,
          FailureType.EntityMismatch,
        );
      }
      const outcome = await persistRecord(record);
      if (outcome.status === 'stale') {
        skip(change, 'staleInStore', outcome.storedVersion);
        markApplied(outcome.storedVersion);
      } else {
        if (outcome.status === 'applied' || !outcome.published) await publishRecord(record);
        state.counters.applied += 1;
        markApplied(record.version);
      }
      setStatus(state.rejected.length > 0 ? 'rejected' : 'waiting');
    } catch (error) {
      // Store activities retry until they succeed, so an activity failure here is bad data or exhausted
      // transform attempts: either way the change is parked as rejected and the entity moves on.
      if (!(error instanceof ActivityFailure) && !(error instanceof ApplicationFailure)) throw error;
      const cause = error instanceof ActivityFailure ? (error.cause ?? error) : error;
      const failureType = cause instanceof ApplicationFailure ? (cause.type ?? 'Unknown') : cause.name;
      state.counters.rejected += 1;
      state.rejected = keepLast(
        [
          ...state.rejected,
          {
            sourceId: change.sourceId,
            version: change.version,
            failureType,
            message: cause.message,
            origin: change.origin,
          },
        ],
        RECORDS_KEPT,
      );
      log.warn('rejected change', {
        sourceId: change.sourceId,
        version: change.version,
        failureType,
        message: cause.message,
      });
      setStatus('rejected');
    }
    publishSearchAttributes();
  };

  const historyFull = (): boolean => {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested ||
      info.historyLength >= (input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS)
    );
  };

  for (;;) {
    const hasWork = await condition(() => state.pending.length > 0, input.idleTimeoutMs);
    if (!hasWork && state.pending.length === 0) {
      await condition(allHandlersFinished);
      return snapshot();
    }
    while (state.pending.length > 0) {
      const next = state.pending.shift()!;
      await apply(next);
      if (historyFull()) {
        await condition(allHandlersFinished);
        state.recentChangeIds = keepLast(state.recentChangeIds, RECENT_IDS_KEPT);
        await continueAsNew<typeof entitySync>({ ...input, carried: state });
      }
    }
  }
}
