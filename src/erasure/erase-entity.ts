import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { ChangePublisher } from '../adapters/change-publisher';
import type { RecordStore } from '../adapters/record-store';
import { highestVersion } from '../domain/data-protection';
import type { EntityType } from '../domain/entity';
import { DEFAULT_SAP_SYSTEM, systemQualifier } from '../domain/sap-system';
import { entityWorkflowId } from '../shared/workflow-id';
import { stateQuery } from '../workflows/messages';

/*
 * Erasure on request, in the order that keeps the data from coming back: the entity's workflow is ended (the
 * versions it still held count towards the tombstone), the table keeps only the tombstone, every run of the
 * workflow is deleted from Temporal, and the domains are told to delete their copies. Each step is idempotent:
 * running the erasure again finishes one that was interrupted.
 */

export interface EraseDeps {
  store: Pick<RecordStore, 'erase'>;
  publisher: ChangePublisher;
  client: Client;
  namespace: string;
  /** The alias whose entities keep unqualified IDs (SYNCHUB_DEFAULT_SAP_SYSTEM); default `SAP`. */
  defaultSystem?: string;
  now?: () => Date;
  /** How long to wait for Temporal to finish deleting the runs (deletion is asynchronous). */
  deletionWaitMs?: number;
}

export interface EraseRequest {
  entityType: EntityType;
  entityKey: string;
  by: string;
  reason: string;
  /** The alias of the entity's SAP system; absent: the default system. */
  system?: string;
}

export interface EraseReport {
  status: 'erased' | 'alreadyErased';
  entityType: string;
  entityKey: string;
  /** The tombstone's version. */
  version: string;
  erasedAt: string;
  /** Table items deleted (versions, superseded and published marks). */
  deletedItems: number;
  /** Workflow runs asked to be deleted, and whether Temporal no longer finds the workflow. */
  workflowRunsDeleted: number;
  workflowGone: boolean;
  /** The dedupKey of the `erased` message published to the domains. */
  dedupKey: string;
}

/** No stored record and no workflow: nothing to erase (the key may be misspelled). */
export class UnknownEntityError extends Error {
  override readonly name = 'UnknownEntityError';
  constructor(entityType: string, entityKey: string, runsDeleted = 0) {
    super(
      runsDeleted === 0
        ? `nothing stored for ${entityType} ${entityKey} and no sync of it: nothing to erase`
        : `nothing stored for ${entityType} ${entityKey}; deleted ${runsDeleted} closed run(s) of its sync`,
    );
  }
}

const QUERY_TIMEOUT_MS = 5_000;
const DEFAULT_DELETION_WAIT_MS = 120_000;
const ERASE_TERMINATION_REASON = 'erased on request';

function notFound(error: unknown): boolean {
  return (
    error instanceof WorkflowNotFoundError ||
    (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 5)
  );
}

/** Ends a running sync; returns the versions it had applied or still held (no documents, only versions). */
async function endRunningSync(client: Client, workflowId: string): Promise<string[]> {
  const handle = client.workflow.getHandle(workflowId);
  let running: boolean;
  try {
    running = (await handle.describe()).status.name === 'RUNNING';
  } catch (error) {
    if (notFound(error)) return [];
    throw error;
  }
  if (!running) return [];
  const state = await client
    .withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query(stateQuery))
    .catch(() => undefined);
  try {
    await handle.terminate(ERASE_TERMINATION_REASON);
  } catch (error) {
    if (!notFound(error)) throw error;
  }
  if (!state) return [];
  return [
    ...state.pendingVersions,
    ...(state.lastAppliedVersion ? [state.lastAppliedVersion] : []),
    ...(state.stuck ? [state.stuck.version] : []),
  ];
}

/** The run IDs Temporal knows of a workflow: visibility's list, plus the latest run from describe. */
async function runIds(client: Client, workflowId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
    ids.add(execution.runId);
  try {
    ids.add((await client.workflow.getHandle(workflowId).describe()).runId);
  } catch (error) {
    if (!notFound(error)) throw error;
  }
  return ids;
}

/** True once Temporal no longer finds this run (its deletion is done). */
async function runGone(client: Client, workflowId: string, runId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId, runId).describe();
    return false;
  } catch (error) {
    if (notFound(error)) return true;
    throw error;
  }
}

/**
 * Deletes every run of the workflow (DeleteWorkflowExecution ends a running one first) and waits, within
 * `waitMs`, until Temporal no longer finds any of them: the server deletes asynchronously. Runs are found
 * through visibility and describe; whether one is gone is asked of the run itself, since visibility may
 * list a deleted run for a while after.
 */
async function deleteRuns(
  client: Client,
  namespace: string,
  workflowId: string,
  waitMs: number,
): Promise<{ deleted: number; gone: boolean }> {
  const deleted = new Set<string>();
  const deadline = Date.now() + waitMs;
  for (;;) {
    for (const runId of await runIds(client, workflowId)) {
      if (deleted.has(runId)) continue;
      try {
        await client.workflowService.deleteWorkflowExecution({
          namespace,
          workflowExecution: { workflowId, runId },
        });
      } catch (error) {
        if (!notFound(error)) throw error;
      }
      deleted.add(runId);
    }
    let remaining = 0;
    for (const runId of deleted) if (!(await runGone(client, workflowId, runId))) remaining += 1;
    if (remaining === 0) return { deleted: deleted.size, gone: true };
    if (Date.now() >= deadline) return { deleted: deleted.size, gone: false };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function eraseEntity(deps: EraseDeps, request: EraseRequest): Promise<EraseReport> {
  const { entityType, entityKey } = request;
  const now = deps.now ?? (() => new Date());
  const defaultSystem = deps.defaultSystem ?? DEFAULT_SAP_SYSTEM;
  const system = request.system ?? defaultSystem;
  const workflowId = entityWorkflowId(entityType, entityKey, systemQualifier({ defaultSystem }, system));
  const held = await endRunningSync(deps.client, workflowId);
  const atLeastVersion = highestVersion(held);
  const outcome = await deps.store.erase(entityType, entityKey, {
    erasedAt: now().toISOString(),
    by: request.by,
    reason: request.reason,
    system,
    ...(atLeastVersion ? { atLeastVersion } : {}),
  });
  if (outcome.status === 'unknown') {
    // Closed runs of a sync that never stored anything may still hold its documents: they go too.
    const { deleted } = await deleteRuns(deps.client, deps.namespace, workflowId, 0);
    throw new UnknownEntityError(entityType, entityKey, deleted);
  }
  const runs = await deleteRuns(
    deps.client,
    deps.namespace,
    workflowId,
    deps.deletionWaitMs ?? DEFAULT_DELETION_WAIT_MS,
  );
  const { tombstone } = outcome;
  const published = await deps.publisher.publish({
    entityType: tombstone.entityType,
    entityKey: tombstone.entityKey,
    version: tombstone.version,
    changeType: tombstone.changeType,
    sourceSystem: system,
    deleted: true,
    source: tombstone.source,
    data: null,
  });
  return {
    status: outcome.status,
    entityType,
    entityKey,
    version: tombstone.version,
    erasedAt: tombstone.erasedAt,
    deletedItems: outcome.deletedItems,
    workflowRunsDeleted: runs.deleted,
    workflowGone: runs.gone,
    dedupKey: published.dedupKey,
  };
}
