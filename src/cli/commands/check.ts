import type { Client } from '@temporalio/client';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import type { Command } from 'commander';

export interface FailingTask {
  workflowId: string;
  runId: string;
  workflowType: string;
  /** Attempts of the workflow task so far (1 is the first try). */
  attempt: number;
  /** The cause and message of the last failure recorded in the history, when there is one. */
  cause?: string;
  message?: string;
}

/** How many workflows are described at once. */
const CONCURRENCY = 8;

/**
 * Open workflows whose workflow task keeps failing: no activity is pending, nothing shows in SyncStatus, the
 * `state` query fails. Temporal retries such a task forever, so an operator must find it: this lists every
 * open workflow (optionally of one type) whose pending workflow task is past its first attempt.
 */
export async function findFailingTasks(client: Client, query: string): Promise<FailingTask[]> {
  const open: { workflowId: string; runId: string; type: string }[] = [];
  for await (const execution of client.workflow.list({ query }))
    open.push({ workflowId: execution.workflowId, runId: execution.runId, type: execution.type });
  const failing: FailingTask[] = [];
  for (let start = 0; start < open.length; start += CONCURRENCY) {
    await Promise.all(
      open.slice(start, start + CONCURRENCY).map(async (execution) => {
        const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
        const description = await handle.describe();
        const attempt = description.raw.pendingWorkflowTask?.attempt ?? 0;
        if (attempt <= 1) return;
        const listed = {
          workflowId: execution.workflowId,
          runId: execution.runId,
          workflowType: execution.type,
          attempt,
        };
        let last: Awaited<ReturnType<typeof lastTaskFailure>>;
        try {
          last = await lastTaskFailure(client, execution.workflowId, execution.runId);
        } catch (error) {
          // Listed all the same: that its task keeps failing is the finding; the reason is a detail.
          const reason = error instanceof Error ? error.message : String(error);
          failing.push({ ...listed, message: `its last failure could not be read: ${reason}` });
          return;
        }
        // The message is encoded (and encrypted) like every failure SyncHub records: decoded here.
        const failure = await decodeOptionalFailureToOptionalError(
          client.options.loadedDataConverter,
          last?.failure,
        ).catch((error: unknown) => new Error(`(not decodable: ${(error as Error).message})`));
        failing.push({
          ...listed,
          ...(last?.cause !== undefined && last.cause !== null ? { cause: causeName(last.cause) } : {}),
          ...(failure?.message ? { message: failure.message } : {}),
        });
      }),
    );
  }
  return failing.sort((a, b) => a.workflowId.localeCompare(b.workflowId));
}

/** Events read per page, newest first: a wedged history can be larger than a gRPC message, so never all at once. */
const REVERSE_PAGE_SIZE = 20;
/** How far back the last failure is looked for (it is normally among the last few events). */
const REVERSE_EVENTS_READ = 1_000;

async function lastTaskFailure(
  client: Client,
  workflowId: string,
  runId: string,
): Promise<temporal.api.history.v1.IWorkflowTaskFailedEventAttributes | undefined> {
  let nextPageToken: Uint8Array | undefined;
  for (let read = 0; read < REVERSE_EVENTS_READ; read += REVERSE_PAGE_SIZE) {
    const page = await client.workflowService.getWorkflowExecutionHistoryReverse({
      namespace: client.options.namespace,
      execution: { workflowId, runId },
      maximumPageSize: REVERSE_PAGE_SIZE,
      nextPageToken,
    });
    const failed = page.history?.events?.find((event) => event.workflowTaskFailedEventAttributes);
    if (failed) return failed.workflowTaskFailedEventAttributes ?? undefined;
    if (!page.nextPageToken?.length) return undefined;
    nextPageToken = page.nextPageToken;
  }
  return undefined;
}

function causeName(cause: number | string): string {
  const name = typeof cause === 'number' ? temporal.api.enums.v1.WorkflowTaskFailedCause[cause] : cause;
  return String(name ?? cause).replace(/^WORKFLOW_TASK_FAILED_CAUSE_/, '');
}

export function registerCheckCommand(program: Command): void {
  program
    .command('failing-tasks')
    .description(
      'list open workflows whose workflow task keeps failing (Temporal retries it forever; the entity shows no error of its own); exits 1 when there are any',
    )
    .option('--type <entityType>', 'only the entity workflows of this type (e.g. material)')
    .action(async (options: { type?: string }) => {
      const { loadConfig } = await import('../../config/app-config');
      const { connectClient } = await import('../../clients/temporal');
      const config = loadConfig();
      const client = await connectClient(config.temporal);
      try {
        const query = [
          "ExecutionStatus = 'Running'",
          ...(options.type ? [`SyncEntityType = '${options.type.replace(/'/g, '')}'`] : []),
        ].join(' AND ');
        const failing = await findFailingTasks(client, query);
        for (const task of failing) process.stdout.write(`${JSON.stringify(task)}\n`);
        process.stderr.write(
          failing.length === 0
            ? 'no open workflow has a failing workflow task\n'
            : `${failing.length} workflow(s) with a failing workflow task; see the runbook, "A workflow task keeps failing"\n`,
        );
        if (failing.length > 0) process.exitCode = 1;
      } finally {
        await client.connection.close();
      }
    });
}
