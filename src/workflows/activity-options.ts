import type { ActivityOptions } from '@temporalio/workflow';
import { NON_RETRYABLE_TYPES } from '../shared/failure-types';

/** Transform is pure CPU work: a few attempts cover a lost worker, bad data fails at once. */
export const transformOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumAttempts: 3,
    nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES],
  },
} as const satisfies ActivityOptions;

/**
 * Writes to AWS retry without an attempt limit: an outage stalls the entity (visible as a retrying
 * activity in the Web UI) instead of losing the change.
 */
export const storeOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES],
  },
} as const satisfies ActivityOptions;

export const publishOptions = storeOptions;

/** Reading SAP's OData API: an SAP outage backs off durably, a missing entity or bad request does not retry. */
export const enrichOptions = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES],
  },
} as const satisfies ActivityOptions;
