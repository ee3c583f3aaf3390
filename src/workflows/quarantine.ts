import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { SyncActivities } from '../activities';
import {
  discardSignal,
  quarantineStateQuery,
  resubmitSignal,
  type QuarantineAttempt,
  type QuarantineInput,
  type QuarantineState,
  type ResubmitRequest,
} from './quarantine-messages';
import { SyncLastError, SyncStatusAttribute } from './search-attributes';

const { routeDocument } = proxyActivities<SyncActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['SapDocumentInvalid'],
  },
});

/**
 * Holds a Kafka record that could not become an entity change, with the exact reason, until an operator
 * resubmits a corrected document (routed like a Kafka record) or discards it.
 */
export async function quarantine(input: QuarantineInput): Promise<QuarantineState> {
  const state: QuarantineState = {
    status: 'Quarantined',
    origin: input.origin,
    reason: input.reason,
    ...(input.payloadRef ? { payloadRef: input.payloadRef } : { payload: input.payload }),
    ...(input.payloadEncoding ? { payloadEncoding: input.payloadEncoding } : {}),
  };
  const attempt = (entry: QuarantineAttempt) => (state.attempts ??= []).push(entry);
  const resubmissions: ResubmitRequest[] = [];

  setHandler(quarantineStateQuery, () => state);
  setHandler(resubmitSignal, (request) => {
    resubmissions.push(request);
  });
  setHandler(discardSignal, (request = {}) => {
    if (state.status === 'Quarantined') state.discarded = request;
  });

  while (state.status === 'Quarantined') {
    await condition(() => resubmissions.length > 0 || state.discarded !== undefined);
    if (state.discarded) {
      state.status = 'Discarded';
      break;
    }
    const { payload, payloadEncoding, ...who } = resubmissions.shift()!;
    try {
      const routed = await routeDocument({
        payload,
        ...(payloadEncoding ? { payloadEncoding } : {}),
        headers: input.headers,
        origin: input.origin,
      });
      attempt({ ...who, outcome: 'routed', message: `${routed.signalled} change(s) routed` });
      state.status = 'Resubmitted';
    } catch (error) {
      const cause = error instanceof ActivityFailure ? error.cause : error;
      if (!(cause instanceof ApplicationFailure)) throw error;
      attempt({ ...who, outcome: 'refused', message: cause.message });
      state.reason = { code: cause.type ?? 'Unknown', message: cause.message };
      upsertSearchAttributes([{ key: SyncLastError, value: state.reason.code }]);
    }
  }
  upsertSearchAttributes([
    { key: SyncStatusAttribute, value: state.status },
    { key: SyncLastError, value: null },
  ]);
  return state;
}
