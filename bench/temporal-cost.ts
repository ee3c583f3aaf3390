/**
 * What the changes of a scenario cost Temporal, counted from the workflow histories it left (never estimated).
 *
 * History events: every event of every run of the scenario's workflows (listed by task queue), or, for
 * entities that were already running, the events recorded inside the measured time window.
 *
 * Temporal Cloud actions, counted from those events by the rules Temporal publishes for billing:
 * - WorkflowExecutionStarted: 1 (a start, a signal-with-start that started the workflow, or a continue-as-new
 *   run); the WorkflowExecutionSignaled written right after it by that signal-with-start is part of the same
 *   action;
 * - every other WorkflowExecutionSignaled: 1 (a signal, or a signal-with-start to a running workflow);
 * - ActivityTaskScheduled: 1, plus `attempt - 1` of its ActivityTaskStarted (retries);
 * - local activities: 1 per workflow task that recorded at least one local-activity marker, plus the
 *   `nonfirstLocalActivityExecutionAttempts` its WorkflowTaskCompleted reports (retries);
 * - TimerStarted: 1 (including the implicit timer of `condition(fn, timeout)`);
 * - UpsertWorkflowSearchAttributes: 1 (search attributes given at start are free; an upsert of only
 *   `TemporalChangeVersion` is free);
 * - StartChildWorkflowExecutionInitiated: 2; WorkflowExecutionUpdateAccepted: 1;
 *   WorkflowExecutionOptionsUpdated: 1; NexusOperationScheduled and NexusOperationCancelRequested: 1.
 * Not visible in a history and so not counted: queries, activity heartbeats, workflow-task heartbeats.
 */
import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { inPool, sleep } from './async';

type History = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];

const LOCAL_ACTIVITY_MARKER = 'core_local_activity';
const CHANGE_VERSION_ATTRIBUTE = 'TemporalChangeVersion';

/** The rules above, written into the results file. */
export const COUNTING_RULES = {
  historyEvents:
    "new entities, hot keys, open loop: every event of every run of the measured entities' workflows " +
    '(listed by task queue, read with the Temporal client), start to close, divided by the changes; running ' +
    'entities: the events recorded from the first measured change to 2 s after the last was delivered',
  temporalActions:
    'counted from those events: WorkflowExecutionStarted 1 (the signal of a signal-with-start that started ' +
    'it is included); other WorkflowExecutionSignaled 1; ActivityTaskScheduled 1 + retries (attempt - 1); ' +
    'local activities 1 per workflow task with local-activity markers + nonfirstLocalActivityExecutionAttempts; ' +
    'TimerStarted 1; UpsertWorkflowSearchAttributes 1; StartChildWorkflowExecutionInitiated 2; ' +
    'WorkflowExecutionUpdateAccepted 1; WorkflowExecutionOptionsUpdated 1; Nexus operation scheduled or ' +
    'cancel-requested 1. Queries and heartbeats are not in histories and not counted',
  awsRequests:
    'HTTP requests sent by the AWS SDK clients the pipeline was given (a counting middleware below the ' +
    'retry middleware: retries count), from the first measured change until 2 s after the last delivery, ' +
    "divided by the changes; the bench's own requests (queue drain, final DynamoDB check) use other clients",
};

export interface TemporalCost {
  workflows: number;
  runs: number;
  events: number;
  actions: number;
  actionsByKind: Record<string, number>;
  eventsByType: Record<string, number>;
}

export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

/** `workflowExecutionStartedEventAttributes` -> `WorkflowExecutionStarted`. */
export function eventTypeName(event: HistoryEvent): string {
  const record = event as unknown as Record<string, unknown>;
  const field =
    typeof record.attributes === 'string'
      ? record.attributes
      : Object.keys(record).find((key) => key.endsWith('EventAttributes') && record[key] != null);
  if (!field) return 'Unknown';
  const name = field.replace(/EventAttributes$/, '');
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function emptyCost(): TemporalCost {
  return { workflows: 0, runs: 0, events: 0, actions: 0, actionsByKind: {}, eventsByType: {} };
}

function add(map: Record<string, number>, key: string, n = 1): void {
  if (n !== 0) map[key] = (map[key] ?? 0) + n;
}

/** Adds one run's events (those inside the window, if one is given) to `cost`. */
export function addHistory(cost: TemporalCost, events: readonly HistoryEvent[], window?: TimeWindow): void {
  const action = (kind: string, n = 1) => add(cost.actionsByKind, kind, n);
  const localActivityTasks = new Set<string>();
  let previous: string | undefined;
  for (const event of events) {
    const type = eventTypeName(event);
    const at = optionalTsToMs(event.eventTime);
    const counted = !window || (at !== undefined && at >= window.fromMs && at <= window.toMs);
    const afterStart = previous === 'WorkflowExecutionStarted';
    previous = type;
    if (!counted) continue;
    cost.events += 1;
    add(cost.eventsByType, type);
    switch (type) {
      case 'WorkflowExecutionStarted':
        action('workflowStarted');
        break;
      case 'WorkflowExecutionSignaled':
        if (!afterStart) action('signal');
        break;
      case 'ActivityTaskScheduled':
        action('activity');
        break;
      case 'ActivityTaskStarted':
        action('activityRetry', Math.max(0, (event.activityTaskStartedEventAttributes?.attempt ?? 1) - 1));
        break;
      case 'MarkerRecorded': {
        const marker = event.markerRecordedEventAttributes;
        if (marker?.markerName === LOCAL_ACTIVITY_MARKER) {
          localActivityTasks.add(String(marker.workflowTaskCompletedEventId ?? event.eventId));
        }
        break;
      }
      case 'WorkflowTaskCompleted':
        action(
          'localActivityRetry',
          Number(
            event.workflowTaskCompletedEventAttributes?.meteringMetadata
              ?.nonfirstLocalActivityExecutionAttempts ?? 0,
          ),
        );
        break;
      case 'TimerStarted':
        action('timer');
        break;
      case 'UpsertWorkflowSearchAttributes': {
        const fields = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
        const names = Object.keys(fields ?? {});
        if (names.length === 0 || names.some((name) => name !== CHANGE_VERSION_ATTRIBUTE)) {
          action('searchAttributeUpsert');
        }
        break;
      }
      case 'StartChildWorkflowExecutionInitiated':
        action('childWorkflow', 2);
        break;
      case 'WorkflowExecutionUpdateAccepted':
        action('update');
        break;
      case 'WorkflowExecutionOptionsUpdated':
        action('workflowOptionsUpdated');
        break;
      case 'NexusOperationScheduled':
      case 'NexusOperationCancelRequested':
        action('nexus');
        break;
      default:
        break;
    }
  }
  action('localActivity', localActivityTasks.size);
  cost.actions = Object.values(cost.actionsByKind).reduce((sum, n) => sum + n, 0);
}

/**
 * Reads the histories of every run on `taskQueue` (except the workflows `exclude` names) and counts them.
 * Visibility is eventually consistent: callers wait until the runs they expect are listed.
 */
export async function temporalCost(
  client: Client,
  taskQueue: string,
  options: { window?: TimeWindow; exclude?: (workflowId: string) => boolean; concurrency?: number } = {},
): Promise<TemporalCost> {
  const runs: { workflowId: string; runId: string }[] = [];
  for await (const info of client.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) {
    if (options.exclude?.(info.workflowId)) continue;
    runs.push({ workflowId: info.workflowId, runId: info.runId });
  }
  const cost = emptyCost();
  cost.runs = runs.length;
  cost.workflows = new Set(runs.map((run) => run.workflowId)).size;
  await inPool(runs, options.concurrency ?? 8, async ({ workflowId, runId }) => {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    addHistory(cost, history.events ?? [], options.window);
  });
  return cost;
}

/** Waits until no run on the task queue is open and the listed runs stop changing (visibility lags). */
export async function waitForClosedRuns(
  client: Client,
  taskQueue: string,
  options: { atLeast: number; timeoutMs: number },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  let last = -1;
  while (Date.now() < deadline) {
    const open = (await client.workflow.count(`TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"`))
      .count;
    const all = (await client.workflow.count(`TaskQueue = "${taskQueue}"`)).count;
    if (open === 0 && all >= options.atLeast && all === last) return true;
    last = open === 0 ? all : -1;
    await sleep(1_000);
  }
  return false;
}
