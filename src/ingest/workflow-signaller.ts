import type { Client } from '@temporalio/client';
import type { EntityType } from '../domain/entity';
import { SINGLE_SAP_SYSTEM, systemQualifier } from '../domain/sap-system';
import { entityWorkflowId } from '../shared/workflow-id';
import { isSuperseded } from '../workflows/change-queue';
import {
  ENTITY_SYNC_REVISION,
  changeSignal,
  changesSignal,
  type ChangeSignal,
  type EntityChange,
  type EntitySyncInput,
  type SyncStatus,
} from '../workflows/messages';
import {
  SyncEntityKey,
  SyncEntityType,
  SyncSourceSystem,
  SyncStatusAttribute,
} from '../workflows/search-attributes';
import type { entitySync } from '../workflows';
import type { ProcessMetrics } from '../metrics/process-metrics';

export interface SignallerSettings {
  taskQueue: string;
  idleTimeoutMs: number;
  retryBudgetMs?: number;
  retryingAfterMs?: number;
  /** Entity types whose waiting versions the workflow coalesces. */
  coalesce?: readonly string[];
  /** The alias whose entities keep the unqualified workflow IDs (default `SAP`). */
  defaultSystem?: string;
  /**
   * The code revision new runs start at (default {@link ENTITY_SYNC_REVISION}); 0 starts them as releases
   * before revisions did, without one (upgrade tests).
   */
  revision?: number;
}

export interface EntityId {
  entityType: EntityType;
  entityKey: string;
  /** Alias of the SAP system; absent: the default system. */
  sourceSystem?: string;
}

/**
 * Hands changes of one entity (oldest first) to its workflow, starting it if needed; resolves once Temporal
 * accepted them. One change goes as a `change` signal, several as one `changes` signal.
 */
export type ChangeSignaller = (entity: EntityId, changes: readonly EntityChange[]) => Promise<void>;

/**
 * `SyncStatus` of a run the changes start. An IDoc is applied in the run's first workflow task (or the run
 * shows `Retrying` once that takes longer than `SYNCHUB_RETRYING_AFTER_MS`): the run starts `Synced`, so
 * that task need not upsert the status again. A business event waits for its entity to be read from SAP, for
 * as long as the SAP task queue's backlog takes: the run shows `Syncing` until it comes to rest.
 */
export function startStatus(changes: readonly EntityChange[]): SyncStatus {
  return changes.some((change) => change.format === 'event') ? 'Syncing' : 'Synced';
}

export function createChangeSignaller(client: Client, settings: SignallerSettings): ChangeSignaller {
  const systems = { defaultSystem: settings.defaultSystem ?? SINGLE_SAP_SYSTEM.defaultSystem };
  const revision = settings.revision ?? ENTITY_SYNC_REVISION;
  return async (entity, changes) => {
    const [first] = changes;
    if (!first) return;
    const sourceSystem = entity.sourceSystem ?? systems.defaultSystem;
    const input: EntitySyncInput = {
      entityType: entity.entityType,
      entityKey: entity.entityKey,
      sourceSystem,
      idleTimeoutMs: settings.idleTimeoutMs,
      ...(revision > 0 ? { revision } : {}),
      ...(settings.retryBudgetMs ? { retryBudgetMs: settings.retryBudgetMs } : {}),
      ...(settings.retryingAfterMs ? { retryingAfterMs: settings.retryingAfterMs } : {}),
      ...(settings.coalesce?.includes(entity.entityType) ? { coalesce: true } : {}),
    };
    const options = {
      workflowId: entityWorkflowId(
        entity.entityType,
        entity.entityKey,
        systemQualifier(systems, sourceSystem),
      ),
      taskQueue: settings.taskQueue,
      args: [input] as [EntitySyncInput],
      typedSearchAttributes: [
        { key: SyncEntityType, value: entity.entityType },
        { key: SyncEntityKey, value: entity.entityKey },
        { key: SyncSourceSystem, value: sourceSystem },
        { key: SyncStatusAttribute, value: startStatus(changes) },
      ],
    };
    if (changes.length === 1 && !isSuperseded(first))
      await client.workflow.signalWithStart<typeof entitySync, [ChangeSignal]>('entitySync', {
        ...options,
        signal: changeSignal,
        signalArgs: [first],
      });
    else
      await client.workflow.signalWithStart<typeof entitySync, [EntityChange[]]>('entitySync', {
        ...options,
        signal: changesSignal,
        signalArgs: [[...changes]],
      });
  };
}

/** The signaller, counting the changes Temporal accepted and the calls that failed. */
export function countingSignaller(signal: ChangeSignaller, metrics: ProcessMetrics): ChangeSignaller {
  return async (entity, changes) => {
    try {
      await signal(entity, changes);
    } catch (error) {
      metrics.temporalErrors.inc({ operation: 'signalWithStart' });
      throw error;
    }
    metrics.ingestChanges.inc({ entity_type: entity.entityType }, changes.length);
  };
}
