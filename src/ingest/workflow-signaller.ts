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
        { key: SyncStatusAttribute, value: 'Syncing' as const },
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
