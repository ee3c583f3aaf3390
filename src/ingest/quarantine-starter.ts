import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { quarantineWorkflowId, type QuarantineInput } from '../workflows/quarantine-messages';
import { SyncLastError, SyncStatusAttribute } from '../workflows/search-attributes';
import type { quarantine } from '../workflows';

export type QuarantineStarter = (input: QuarantineInput) => Promise<void>;

/**
 * A record that cannot become an entity change gets a quarantine workflow keyed by its Kafka position, so a
 * redelivered record finds the same one ("already started" is success).
 */
export function createQuarantineStarter(client: Client, taskQueue: string): QuarantineStarter {
  return async (input) => {
    try {
      await client.workflow.start<typeof quarantine>('quarantine', {
        workflowId: quarantineWorkflowId(input.origin, input.index),
        taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: SyncStatusAttribute, value: 'Quarantined' },
          { key: SyncLastError, value: input.reason.code },
        ],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  };
}
