import type { Client } from '@temporalio/client';
import type { ChangeRef } from '../domain';
import { entityWorkflowId } from '../shared/workflow-id';
import { changeSignal, type ChangeSignal } from '../workflows/messages';
import { SyncEntityKey, SyncEntityType, SyncStatusAttribute } from '../workflows/search-attributes';
import type { entitySync } from '../workflows';
import type { ProcessMetrics } from '../metrics/process-metrics';

export interface SignallerSettings {
  taskQueue: string;
  idleTimeoutMs: number;
  retryBudgetMs?: number;
  retryingAfterMs?: number;
  /** Entity types whose waiting versions the workflow coalesces. */
  coalesce?: readonly string[];
}

export type ChangeSignaller = (ref: ChangeRef, change: ChangeSignal) => Promise<void>;

/** Starts the entity's workflow if needed and delivers the change; resolves once Temporal accepted it. */
export function createChangeSignaller(client: Client, settings: SignallerSettings): ChangeSignaller {
  return async (ref, change) => {
    await client.workflow.signalWithStart<typeof entitySync, [ChangeSignal]>('entitySync', {
      workflowId: entityWorkflowId(ref.entityType, ref.entityKey),
      taskQueue: settings.taskQueue,
      args: [
        {
          entityType: ref.entityType,
          entityKey: ref.entityKey,
          idleTimeoutMs: settings.idleTimeoutMs,
          ...(settings.retryBudgetMs ? { retryBudgetMs: settings.retryBudgetMs } : {}),
          ...(settings.retryingAfterMs ? { retryingAfterMs: settings.retryingAfterMs } : {}),
          ...(settings.coalesce?.includes(ref.entityType) ? { coalesce: true } : {}),
        },
      ],
      signal: changeSignal,
      signalArgs: [change],
      typedSearchAttributes: [
        { key: SyncEntityType, value: ref.entityType },
        { key: SyncEntityKey, value: ref.entityKey },
        { key: SyncStatusAttribute, value: 'Syncing' },
      ],
    });
  };
}

/** The signaller, counting the changes Temporal accepted and the calls that failed. */
export function countingSignaller(signal: ChangeSignaller, metrics: ProcessMetrics): ChangeSignaller {
  return async (ref, change) => {
    try {
      await signal(ref, change);
    } catch (error) {
      metrics.temporalErrors.inc({ operation: 'signalWithStart' });
      throw error;
    }
    metrics.ingestChanges.inc({ entity_type: ref.entityType });
  };
}
