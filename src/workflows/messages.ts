import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { EntityType } from '../domain/entity';
import type { SupersededEntry } from '../shared/apply-types';
import type { DocumentBody } from '../shared/payload-ref';

/**
 * One SAP change routed to an entity's workflow. `sourceId` + `version` identify it for deduplication; the
 * document travels inline or, when large, by reference.
 */
export type ChangeSignal = DocumentBody & ChangeFields;

/**
 * A version of the entity that a newer one in the same `changes` signal supersedes (coalescing): it travels
 * without its document and is only recorded as superseded, never applied.
 */
export type SupersededChange = ChangeFields & {
  supersededBy: string;
  payload?: undefined;
  payloadRef?: undefined;
};

/** What a `changes` signal carries: several changes of one entity, oldest first. */
export type EntityChange = ChangeSignal | SupersededChange;

/** What identifies a change and where it came from, with or without its document. */
export interface ChangeFields {
  sourceId: string;
  version: string;
  format: 'idoc' | 'event';
  receivedAt: string;
  /** When Kafka appended the record (ISO), for the latency metrics; absent in changes from older ingesters. */
  appendedAt?: string;
  /** The change's W3C trace context (from the Kafka record's `traceparent`, or the ingester's span). */
  traceparent?: string;
  origin?: { topic: string; partition: number; offset: string };
  /**
   * Re-driven from Kafka history (replay/rebuild): not deduplicated against changes seen before, and a
   * version at or below the applied one is written again if the store lost it (a newer one is never touched).
   */
  replay?: boolean;
  /** Alias of the SAP system that sent it; absent in changes from ingesters older than SAP systems. */
  sourceSystem?: string;
}

export interface SkippedChange {
  sourceId: string;
  version: string;
  /** `superseded`: a newer version of the entity arrived before this one was applied (coalescing). */
  reason: 'olderThanApplied' | 'duplicateVersion' | 'staleInStore' | 'operatorSkipped' | 'superseded';
  appliedVersion?: string;
}

/** Where a change failed: reading it, writing DynamoDB, or the fan-out. */
export type FailureStage = 'transform' | 'persist' | 'publish' | 'resync';

export interface SyncError {
  sourceId: string;
  version: string;
  stage: FailureStage;
  failureType: string;
  message: string;
  origin?: ChangeSignal['origin'];
}

/** A change the workflow cannot apply on its own: it waits for an operator to `retry` or `skip` it. */
export interface StuckChange extends SyncError {
  change: ChangeSignal;
}

export type OperatorAction = 'retry' | 'skip' | 'pause' | 'resume' | 'resync';

export interface OperatorRequest {
  /** Who asked, for the audit trail (e.g. a user name or ticket). */
  by?: string;
  reason?: string;
}

export interface OperatorActionRecord extends OperatorRequest {
  action: OperatorAction;
  /** Status when the action arrived. */
  statusBefore: SyncStatus;
  /** The stuck change it concerned, if any. */
  version?: string;
}

export interface SyncCounters {
  received: number;
  duplicates: number;
  applied: number;
  skipped: number;
  stuck: number;
  resynced: number;
  /** Replayed versions the store had lost and got back. */
  restored: number;
  /** Versions never applied because a newer one of the entity was already waiting (coalescing). */
  superseded?: number;
}

export interface CarriedState {
  lastAppliedVersion?: string;
  recentChangeIds: string[];
  pending: ChangeSignal[];
  skipped: SkippedChange[];
  errors: SyncError[];
  stuck?: StuckChange;
  paused: boolean;
  resyncRequested: boolean;
  operatorActions: OperatorActionRecord[];
  counters: SyncCounters;
  /** An operator asked to retry the Stuck change; carried so a retry accepted just before continue-as-new holds. */
  retryRequested?: boolean;
  /** Superseded versions whose audit items are not written yet (they go with the next apply call). */
  supersededToRecord?: SupersededEntry[];
}

export interface EntitySyncInput {
  entityType: EntityType;
  entityKey: string;
  /** Completes after this long without changes; a later change starts a new run. */
  idleTimeoutMs: number;
  /** How long a DynamoDB/SNS/SAP step may keep retrying before the change is Stuck (default 1 hour). */
  retryBudgetMs?: number;
  /** A step still unfinished after this long shows the entity as Retrying (default 10 s). */
  retryingAfterMs?: number;
  /** Continue-as-new once the history has this many events (the server may suggest it earlier). */
  maxHistoryEvents?: number;
  /** Continue-as-new once the history is this large in bytes (default 2 MB, half of Temporal's suggestion). */
  maxHistoryBytes?: number;
  /**
   * Apply only the newest of several waiting versions (the document type carries the whole object, so the
   * newest is the truth); the others are recorded as superseded. Replayed changes are never coalesced.
   */
  coalesce?: boolean;
  /**
   * Alias of the SAP system the entity belongs to (its workflow ID names it unless it is the default system).
   * Absent in runs started before SAP systems existed: they belong to the default system, and learn its alias
   * from their next change.
   */
  sourceSystem?: string;
  /**
   * The revision of the workflow code that started the run ({@link ENTITY_SYNC_REVISION} when the ingester
   * starts it). Absent in runs started before revisions existed: those tell release 0.1's code from the lean
   * path by the `lean-entity-sync` patch marker.
   */
  revision?: number;
  carried?: CarriedState;
}

/**
 * The entity workflow's code revision the ingester starts new runs with. A run knows from its input which
 * code it started under, so code that only runs under a newer revision needs no `patched()` check (and no
 * marker and `TemporalChangeVersion` upsert in every new run). 1: the lean path, without the check that
 * routes release 0.1's runs to their code.
 */
export const ENTITY_SYNC_REVISION = 1;

/**
 * Synced: every received change applied. Syncing: applying one. Retrying: a step keeps failing and is being
 * retried with backoff. Stuck: a change failed for good and waits for an operator. Paused: by an operator.
 */
export type SyncStatus = 'Synced' | 'Syncing' | 'Retrying' | 'Stuck' | 'Paused';

export interface EntitySyncState {
  entityType: EntityType;
  entityKey: string;
  /** Alias of the entity's SAP system, when the run knows it. */
  sourceSystem?: string;
  status: SyncStatus;
  lastAppliedVersion?: string;
  pendingVersions: string[];
  stuck?: SyncError;
  lastError?: SyncError;
  errors: SyncError[];
  skipped: SkippedChange[];
  paused: boolean;
  operatorActions: OperatorActionRecord[];
  counters: SyncCounters;
}

export interface OperateResult {
  action: OperatorAction;
  statusBefore: SyncStatus;
  status: SyncStatus;
}

export const changeSignal = defineSignal<[ChangeSignal]>('change');
/**
 * Several changes of one entity in one signal (the ingester groups the changes of a key it fetched together):
 * one history event instead of one per change. A worker older than this signal leaves it unhandled: upgrade
 * workers before ingesters.
 */
export const changesSignal = defineSignal<[EntityChange[]]>('changes');
export const stateQuery = defineQuery<EntitySyncState>('state');

/** Operator actions as signals, so `temporal workflow signal --query ...` applies them to many syncs at once. */
export const retrySignal = defineSignal<[OperatorRequest?]>('retry');
export const skipSignal = defineSignal<[OperatorRequest?]>('skip');
export const pauseSignal = defineSignal<[OperatorRequest?]>('pause');
export const resumeSignal = defineSignal<[OperatorRequest?]>('resume');
export const resyncSignal = defineSignal<[OperatorRequest?]>('resync');

/** The same actions with a synchronous answer (rejected when they do not apply, e.g. `skip` when not Stuck). */
export const operateUpdate = defineUpdate<OperateResult, [OperatorAction, OperatorRequest?]>('operate');
