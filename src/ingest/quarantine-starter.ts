import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { PayloadStore } from '../adapters/payload-store';
import {
  quarantineWorkflowId,
  type QuarantineInput,
  type QuarantineStarter,
} from '../workflows/quarantine-messages';
import { SyncLastError, SyncStatusAttribute } from '../workflows/search-attributes';
import type { quarantine } from '../workflows';

/**
 * A record that cannot become an entity change gets a quarantine workflow keyed by its Kafka position, so a
 * redelivered record finds the same one ("already started" is success). Records above the claim-check
 * threshold are stored first and held by reference.
 */
export function createQuarantineStarter(
  client: Client,
  taskQueue: string,
  claimCheck: { payloads: PayloadStore; thresholdBytes: number },
): QuarantineStarter {
  return async (given) => {
    // A large record travels by reference, so the workflow's input stays far below Temporal's payload limit.
    const input: QuarantineInput =
      given.payload !== undefined && Buffer.byteLength(given.payload, 'utf8') > claimCheck.thresholdBytes
        ? { ...given, payload: undefined, payloadRef: await claimCheck.payloads.put(given.payload) }
        : given;
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
