import { compareVersions } from '../domain/version';
import type { ApplyFailure, ApplyItem, ApplyResult, SupersededEntry } from '../shared/apply-types';
import type { PayloadRef } from '../shared/payload-ref';
import { changeId, insertByVersion, isSuperseded, keepLast } from './change-queue';
import type {
  CarriedState,
  ChangeSignal,
  EntityChange,
  EntitySyncState,
  FailureStage,
  OperatorAction,
  OperatorRequest,
  SkippedChange,
  SyncError,
  SyncStatus,
} from './messages';

export const RECENT_IDS_KEPT = 500;
const RECORDS_KEPT = 50;
/** Superseded versions waiting for their audit items at most (the oldest go first when writes keep failing). */
const SUPERSEDED_WAITING_KEPT = 1_000;
/** Superseded versions recorded per apply call. */
const SUPERSEDED_PER_CALL = 500;

export function emptyState(): CarriedState {
  return {
    recentChangeIds: [],
    pending: [],
    skipped: [],
    errors: [],
    paused: false,
    resyncRequested: false,
    operatorActions: [],
    counters: {
      received: 0,
      duplicates: 0,
      applied: 0,
      skipped: 0,
      stuck: 0,
      resynced: 0,
      restored: 0,
      superseded: 0,
    },
  };
}

/** A batch of changes taken from the queue for one apply call, with what the workflow must remember. */
export interface Batch {
  changes: ChangeSignal[];
  items: ApplyItem[];
  /** Superseded versions whose audit items the call writes. */
  superseded: SupersededEntry[];
}

export interface BatchLimits {
  maxItems: number;
  /** Inline document bytes per batch (documents by reference count as nothing). */
  maxBytes: number;
}

function inlineBytes(change: ChangeSignal): number {
  return change.payload === undefined ? 0 : change.payload.length;
}

/**
 * The state of one entity's sync as plain code: deduplication, version order, coalescing, skips, the Stuck
 * and Paused states, operator actions and counters. The workflow feeds it signals and activity results and
 * asks it what to do next; unit tests drive it directly. Deterministic: no clocks, no I/O.
 */
export class EntityMachine {
  readonly state: CarriedState;
  private readonly seen: Set<string>;
  /** Taken for the apply call under way; shown as pending until their outcome is known. */
  private inFlight: ChangeSignal[] = [];
  retrying = false;

  constructor(
    readonly entityType: EntitySyncState['entityType'],
    readonly entityKey: string,
    carried: CarriedState | undefined,
    private readonly coalesce = false,
  ) {
    this.state = carried ?? emptyState();
    this.state.counters.superseded ??= 0;
    this.seen = new Set(this.state.recentChangeIds);
  }

  status(): SyncStatus {
    if (this.state.stuck) return 'Stuck';
    if (this.state.paused) return 'Paused';
    if (this.retrying) return 'Retrying';
    if (this.inFlight.length > 0 || this.state.pending.length > 0 || this.state.resyncRequested)
      return 'Syncing';
    return 'Synced';
  }

  snapshot(): EntitySyncState {
    const { stuck, errors, skipped, paused, operatorActions, counters, lastAppliedVersion } = this.state;
    const lastError = errors.at(-1);
    let stuckError: SyncError | undefined;
    if (stuck) {
      const { change: _change, ...rest } = stuck;
      stuckError = rest;
    }
    return {
      entityType: this.entityType,
      entityKey: this.entityKey,
      status: this.status(),
      lastAppliedVersion,
      pendingVersions: [...this.inFlight, ...this.state.pending].map((change) => change.version),
      ...(stuckError ? { stuck: stuckError } : {}),
      ...(lastError ? { lastError } : {}),
      errors,
      skipped,
      paused,
      operatorActions,
      counters,
    };
  }

  /** A change signal: deduplicated, queued in version order; with coalescing, older waiting versions go. */
  receive(change: EntityChange): void {
    const { state } = this;
    state.counters.received += 1;
    const id = changeId(change);
    const queued = state.pending.some((pending) => changeId(pending) === id);
    if (change.replay ? queued : this.seen.has(id)) {
      state.counters.duplicates += 1;
      return;
    }
    this.seen.add(id);
    state.recentChangeIds.push(id);
    if (state.recentChangeIds.length > RECENT_IDS_KEPT * 2)
      state.recentChangeIds = keepLast(state.recentChangeIds, RECENT_IDS_KEPT);
    if (isSuperseded(change)) {
      // Sent without its document: a newer version travelled in the same signal.
      state.counters.superseded = (state.counters.superseded ?? 0) + 1;
      this.recordSkip(change, 'superseded', change.supersededBy);
      this.toRecord(change, change.supersededBy);
      return;
    }
    insertByVersion(state.pending, change);
    if (this.coalesce && !change.replay) this.coalescePending();
  }

  /** Keeps only the newest waiting version (replayed changes are left alone: they restore lost versions). */
  private coalescePending(): void {
    const live = this.state.pending.filter((change) => !change.replay);
    if (live.length < 2) return;
    const newest = live.at(-1)!;
    this.state.pending = this.state.pending.filter((change) => {
      if (change.replay || change === newest) return true;
      this.state.counters.superseded = (this.state.counters.superseded ?? 0) + 1;
      this.recordSkip(change, 'superseded', newest.version);
      this.toRecord(change, newest.version);
      return false;
    });
  }

  /** Queues the audit item of a superseded version. */
  private toRecord(change: EntityChange, supersededBy: string): void {
    const entry: SupersededEntry = { sourceId: change.sourceId, version: change.version, supersededBy };
    if (change.origin) entry.origin = change.origin;
    this.state.supersededToRecord = keepLast(
      [...(this.state.supersededToRecord ?? []), entry],
      SUPERSEDED_WAITING_KEPT,
    );
  }

  private takeSupersededToRecord(): SupersededEntry[] {
    return this.state.supersededToRecord?.splice(0, SUPERSEDED_PER_CALL) ?? [];
  }

  hasSupersededToRecord(): boolean {
    return (this.state.supersededToRecord?.length ?? 0) > 0;
  }

  /** A call that only writes the audit items of superseded versions (before the entity comes to rest). */
  supersededBatch(): Batch | undefined {
    const superseded = this.takeSupersededToRecord();
    return superseded.length > 0 ? { changes: [], items: [], superseded } : undefined;
  }

  /** Gives up on audit items that could not be written (the entity completes without them). */
  dropSupersededToRecord(): number {
    const dropped = this.state.supersededToRecord?.length ?? 0;
    this.state.supersededToRecord = [];
    return dropped;
  }

  private recordSkip(change: EntityChange, reason: SkippedChange['reason'], applied?: string): void {
    const entry: SkippedChange = { sourceId: change.sourceId, version: change.version, reason };
    if (applied !== undefined) entry.appliedVersion = applied;
    this.state.skipped = keepLast([...this.state.skipped, entry], RECORDS_KEPT);
  }

  private skip(change: ChangeSignal, reason: SkippedChange['reason'], applied?: string): void {
    this.state.counters.skipped += 1;
    this.recordSkip(change, reason, applied);
  }

  /** Why an operator action is refused, or undefined when it applies (the update validator). */
  refusal(action: OperatorAction): string | undefined {
    if ((action === 'retry' || action === 'skip') && !this.state.stuck)
      return `${action} applies to a Stuck sync; this one is ${this.status()}`;
    if (action === 'resume' && !this.state.paused) return 'resume applies to a Paused sync';
    return undefined;
  }

  act(action: OperatorAction, request: OperatorRequest = {}): void {
    const { state } = this;
    const record = {
      action,
      statusBefore: this.status(),
      ...request,
      ...(state.stuck ? { version: state.stuck.version } : {}),
    };
    state.operatorActions = keepLast([...state.operatorActions, record], RECORDS_KEPT);
    if (action === 'retry' && state.stuck) state.retryRequested = true;
    if (action === 'skip' && state.stuck) {
      this.skip(state.stuck.change, 'operatorSkipped', state.lastAppliedVersion);
      state.stuck = undefined;
      state.retryRequested = false;
    }
    if (action === 'pause') state.paused = true;
    if (action === 'resume') state.paused = false;
    if (action === 'resync') state.resyncRequested = true;
  }

  canWork(): boolean {
    const { state } = this;
    if (state.paused) return false;
    if (state.stuck) return state.retryRequested === true;
    return state.resyncRequested || state.pending.length > 0;
  }

  healthyAndIdle(): boolean {
    const { state } = this;
    return !state.stuck && !state.paused && !state.resyncRequested && state.pending.length === 0;
  }

  /** An operator's retry puts the Stuck change back at the head of the queue. */
  takeRetry(): void {
    const { state } = this;
    if (!state.stuck || !state.retryRequested) return;
    state.retryRequested = false;
    const { change } = state.stuck;
    state.stuck = undefined;
    state.pending.unshift(change);
  }

  takeResync(): boolean {
    if (!this.state.resyncRequested) return false;
    this.state.resyncRequested = false;
    return true;
  }

  /**
   * The next changes to apply, in version order: changes at or below the applied version are skipped (unless
   * replayed, which restore), the rest go into one batch within the limits.
   */
  nextBatch(limits: BatchLimits): Batch | undefined {
    const { state } = this;
    if (state.stuck || state.paused) return undefined;
    const changes: ChangeSignal[] = [];
    const items: ApplyItem[] = [];
    let bytes = 0;
    let applied = state.lastAppliedVersion;
    while (state.pending.length > 0 && changes.length < limits.maxItems) {
      const change = state.pending[0]!;
      const restoring = applied !== undefined && compareVersions(change.version, applied) <= 0;
      if (restoring && !change.replay) {
        state.pending.shift();
        this.skip(change, change.version === applied ? 'duplicateVersion' : 'olderThanApplied', applied);
        continue;
      }
      const size = inlineBytes(change);
      if (changes.length > 0 && bytes + size > limits.maxBytes) break;
      state.pending.shift();
      bytes += size;
      changes.push(change);
      const body = change.payloadRef ? { payloadRef: change.payloadRef } : { payload: change.payload ?? '' };
      items.push({
        ...body,
        sourceId: change.sourceId,
        version: change.version,
        format: change.format,
        restoring,
        ...(change.appendedAt ? { appendedAt: change.appendedAt } : {}),
        ...(change.traceparent ? { traceparent: change.traceparent } : {}),
      });
      if (!restoring) applied = change.version;
    }
    if (changes.length === 0) return undefined;
    this.inFlight = changes;
    return { changes, items, superseded: this.takeSupersededToRecord() };
  }

  private markApplied(version: string): void {
    const applied = this.state.lastAppliedVersion;
    if (applied !== undefined && compareVersions(version, applied) <= 0) return;
    this.state.lastAppliedVersion = version;
  }

  /**
   * Records the outcomes of an apply call. Returns the failed change and the changes after it (not tried),
   * which go back to the head of the queue; the caller decides between a durable retry and Stuck.
   */
  settle(batch: Batch, result: ApplyResult): { failed: ChangeSignal; failure: ApplyFailure } | undefined {
    const { state } = this;
    for (const [index, outcome] of result.outcomes.entries()) {
      const change = batch.changes[index]!;
      const item = batch.items[index]!;
      if (outcome.status === 'stale') {
        if (!change.replay) this.skip(change, 'staleInStore', outcome.storedVersion);
        this.markApplied(outcome.storedVersion);
      } else if (outcome.status === 'applied') {
        if (item.restoring) state.counters.restored += 1;
        else state.counters.applied += 1;
        this.markApplied(outcome.version);
      }
    }
    this.inFlight = [];
    // Results recorded before audit items existed say nothing about them: they count as written.
    if (batch.superseded.length > 0 && result.supersededRecorded === false)
      this.state.supersededToRecord = [...batch.superseded, ...(this.state.supersededToRecord ?? [])];
    if (!result.failure) return undefined;
    const rest = batch.changes.slice(result.failure.index);
    state.pending.unshift(...rest);
    return { failed: rest[0]!, failure: result.failure };
  }

  /** The change failed for good: the entity waits for an operator to retry or skip it. */
  stick(
    change: ChangeSignal,
    failure: { stage: FailureStage; failureType: string; message: string },
  ): SyncError {
    const { state } = this;
    const index = state.pending.indexOf(change);
    if (index >= 0) state.pending.splice(index, 1);
    const error: SyncError = {
      sourceId: change.sourceId,
      version: change.version,
      stage: failure.stage,
      failureType: failure.failureType,
      message: failure.message,
      ...(change.origin ? { origin: change.origin } : {}),
    };
    state.errors = keepLast([...state.errors, error], RECORDS_KEPT);
    state.stuck = { ...error, change };
    state.counters.stuck += 1;
    return error;
  }

  resynced(): void {
    this.state.counters.resynced += 1;
  }

  resyncFailed(failure: { failureType: string; message: string }): void {
    this.state.errors = keepLast(
      [
        ...this.state.errors,
        {
          sourceId: 'resync',
          version: this.state.lastAppliedVersion ?? '',
          stage: 'resync',
          failureType: failure.failureType,
          message: failure.message,
        },
      ],
      RECORDS_KEPT,
    );
  }

  /** Inline documents waiting in the queue (and in a Stuck change): what continue-as-new would carry. */
  waitingInline(): ChangeSignal[] {
    const waiting = this.state.pending.filter((change) => change.payload !== undefined);
    const stuck = this.state.stuck?.change;
    if (stuck?.payload !== undefined) waiting.push(stuck);
    return waiting;
  }

  waitingInlineBytes(): number {
    return this.waitingInline().reduce((sum, change) => sum + inlineBytes(change), 0);
  }

  /** Swaps inline documents for their claim-check references (same order as `waitingInline`). */
  holdByReference(changes: ChangeSignal[], refs: PayloadRef[]): void {
    changes.forEach((change, index) => {
      const ref = refs[index];
      if (!ref) return;
      delete change.payload;
      change.payloadRef = ref;
    });
  }

  /** What continue-as-new carries into the next run. */
  carry(): CarriedState {
    this.state.recentChangeIds = keepLast(this.state.recentChangeIds, RECENT_IDS_KEPT);
    return this.state;
  }
}
