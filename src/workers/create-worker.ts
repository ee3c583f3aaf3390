import type { DataConverter } from '@temporalio/common';
import { Worker, type InjectedSinks, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { countChanges, type ProcessMetrics } from '../metrics/process-metrics';
import type { SyncHubSinks } from '../shared/worker-metrics';
import { resolveWorkflowBundle } from './workflow-bundle';

export { workflowsPath } from './workflow-bundle';

export interface SyncWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  maxConcurrentActivities?: number;
  maxConcurrentWorkflowTasks?: number;
  /** A pre-built workflow bundle; otherwise the one `npm run build` wrote (see workflow-bundle.ts). */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Where the entity workflows' change counts go; without it they are dropped. */
  metrics?: ProcessMetrics;
  /** The installation's data converter (`temporalDataConverter`); clients must use the same. */
  dataConverter: DataConverter;
  /**
   * Longest one call into a workflow's sandbox may run (ms) before its workflow task fails; 0 (the default,
   * SYNCHUB_WORKFLOW_EXECUTION_GUARD_MS): no limit. A limit makes Node start a watchdog thread on every call.
   */
  workflowExecutionGuardMs?: number;
  /**
   * Track promise stacks in workflow code for the stack trace queries (SYNCHUB_WORKFLOW_STACK_TRACES;
   * default off: it costs CPU on every promise).
   */
  workflowStackTraces?: boolean;
}

/** The sinks the workflows call (always registered: a workflow calling a missing sink logs an error). */
export function syncHubSinks(metrics?: ProcessMetrics): InjectedSinks<SyncHubSinks> {
  return {
    synchubMetrics: {
      changes: {
        fn: (_info, entityType, counts) => countChanges(metrics, entityType, counts),
        callDuringReplay: false,
      },
    },
  };
}

export async function createSyncWorker(options: SyncWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options.deps),
    ...(options.maxConcurrentActivities
      ? { maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities }
      : {}),
    ...(options.maxConcurrentWorkflowTasks
      ? { maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTasks }
      : {}),
    workflowBundle: await resolveWorkflowBundle(options.workflowBundle),
    sinks: syncHubSinks(options.metrics),
    dataConverter: options.dataConverter,
    isolateExecutionTimeout: options.workflowExecutionGuardMs ?? 0,
    workflowStackTraces: options.workflowStackTraces ?? false,
  });
}

export interface SapWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  /** The SAP task queue it polls: one SAP system's (sapTaskQueue, see compose.ts sapReadQueues). */
  sapTaskQueue: string;
  deps: ActivityDeps;
  /** The system's SAP reads per second, all workers together (enforced by the Temporal server). */
  rateLimit: number;
  maxConcurrentActivities?: number;
  dataConverter: DataConverter;
}

/**
 * The worker of one SAP system's task queue: runs the reads of its OData API (`readSapEntity`, one request
 * each) no faster than `rateLimit` per second in total, however many workers poll it.
 */
export async function createSapWorker(options: SapWorkerOptions): Promise<Worker> {
  const activities = createActivities(options.deps);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.sapTaskQueue,
    activities: { readSapEntity: activities.readSapEntity.bind(activities) },
    maxTaskQueueActivitiesPerSecond: options.rateLimit,
    ...(options.maxConcurrentActivities
      ? { maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities }
      : {}),
    dataConverter: options.dataConverter,
  });
}
