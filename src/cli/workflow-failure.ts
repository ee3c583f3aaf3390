import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';

/**
 * The reason a workflow ended without a result, from its failure chain, e.g. `activity planKafkaReplay failed:
 * ReplayNotConfigured: this worker cannot read Kafka`. The client's own wrapper ("Workflow execution failed")
 * says nothing the caller does not know, so it is left out.
 */
export function describeWorkflowFailure(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error instanceof WorkflowFailedError ? (error.cause ?? error) : error;
  while (current instanceof Error) {
    if (current instanceof ActivityFailure) parts.push(`activity ${current.activityType} failed`);
    else if (current instanceof ApplicationFailure && current.type)
      parts.push(`${current.type}: ${current.message}`);
    else parts.push(current.message);
    current = current.cause;
  }
  return parts.length > 0 ? parts.join(': ') : String(current);
}
