import type { Sinks } from '@temporalio/workflow';

/** The `outcome` label of `synchub_changes_total`, from the entity's counters. */
export const CHANGE_OUTCOMES = {
  received: 'received',
  applied: 'applied',
  duplicates: 'duplicate',
  skipped: 'skipped',
  superseded: 'superseded',
  stuck: 'stuck',
  restored: 'restored',
  resynced: 'resynced',
} as const;

export type ChangeOutcome = (typeof CHANGE_OUTCOMES)[keyof typeof CHANGE_OUTCOMES];

/**
 * How entity workflows report what happened to their changes: a workflow sink (called once per workflow task
 * with news, never during replay), which the worker turns into `synchub_changes_total`.
 */
export interface SyncHubSinks extends Sinks {
  synchubMetrics: {
    changes(entityType: string, counts: Partial<Record<ChangeOutcome, number>>): void;
  };
}

/** The latencies the apply activity measures. */
export type LatencyMetric = 'kafkaToStored' | 'sapToStored' | 'storedToPublished';

/** Where the apply activity records a latency, in seconds. */
export type LatencyRecorder = (metric: LatencyMetric, seconds: number, entityType: string) => void;
