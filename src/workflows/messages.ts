import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { EntityType } from '../domain/entity';
import type { DocumentBody } from '../shared/payload-ref';

/**
 * One SAP change routed to an entity's workflow. `sourceId` + `version` identify it for deduplication; the
 * document travels inline or, when large, by reference.
 */
export type ChangeSignal = DocumentBody & {
  sourceId: string;
  version: string;
  format: 'idoc' | 'event';
  receivedAt: string;
  origin?: { topic: string; partition: number; offset: string };
};

export interface SkippedChange {
  sourceId: string;
  version: string;
  reason: 'olderThanApplied' | 'duplicateVersion' | 'staleInStore';
  appliedVersion: string;
}

export interface RejectedChange {
  sourceId: string;
  version: string;
  failureType: string;
  message: string;
  origin?: ChangeSignal['origin'];
}

export interface CarriedState {
  lastAppliedVersion?: string;
  recentChangeIds: string[];
  pending: ChangeSignal[];
  skipped: SkippedChange[];
  rejected: RejectedChange[];
  counters: SyncCounters;
}

export interface SyncCounters {
  received: number;
  duplicates: number;
  applied: number;
  skipped: number;
  rejected: number;
}

export interface EntitySyncInput {
  entityType: EntityType;
  entityKey: string;
  /** Completes after this long without changes; a later change starts a new run. */
  idleTimeoutMs: number;
  /** Continue-as-new once the history has this many events (the server may suggest it earlier). */
  maxHistoryEvents?: number;
  carried?: CarriedState;
}

export type SyncStatus = 'waiting' | 'syncing' | 'rejected';

export interface EntitySyncState {
  entityType: EntityType;
  entityKey: string;
  status: SyncStatus;
  lastAppliedVersion?: string;
  pendingVersions: string[];
  skipped: SkippedChange[];
  rejected: RejectedChange[];
  counters: SyncCounters;
}

export const changeSignal = defineSignal<[ChangeSignal]>('change');
export const stateQuery = defineQuery<EntitySyncState>('state');
