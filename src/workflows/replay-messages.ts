import { defineQuery } from '@temporalio/workflow';
import type { PartitionRange, ReplayBound } from '../shared/replay-types';

export interface ReplayInput {
  topic: string;
  from: ReplayBound;
  to: ReplayBound;
  /** Records per activity call. */
  batchSize: number;
  /** Only the changes of this SAP system (alias) are re-driven; absent: every system's. */
  system?: string;
  /** Carried across continue-as-new. */
  carried?: { ranges: PartitionRange[]; progress: ReplayProgress };
}

export interface ReplayProgress {
  topic: string;
  total: number;
  read: number;
  routed: number;
  quarantined: number;
  finished: boolean;
}

export const replayProgressQuery = defineQuery<ReplayProgress>('progress');
