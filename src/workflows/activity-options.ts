import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import { NON_RETRYABLE_TYPES } from '../shared/failure-types';

/** Transform is pure CPU work: a few attempts cover a lost worker, bad data fails at once. */
export const transformOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumAttempts: 3,
    nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES],
  },
} as const satisfies LocalActivityOptions;

/**
 * DynamoDB and SNS writes retry with backoff until the retry budget is spent (schedule-to-close): an outage
 * shows the entity as Retrying and heals by itself; only a longer one leaves the change Stuck for an operator.
 */
export function storeOptions(retryBudgetMs: number): ActivityOptions {
  return {
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: retryBudgetMs,
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES],
    },
  };
}

/** Reading SAP's OData API: an SAP outage backs off durably, a missing entity or bad request does not retry. */
export function enrichOptions(retryBudgetMs: number): ActivityOptions {
  return {
    startToCloseTimeout: '1 minute',
    scheduleToCloseTimeout: retryBudgetMs,
    retry: {
      initialInterval: '2 seconds',
      backoffCoefficient: 2,
      maximumInterval: '2 minutes',
      nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES],
    },
  };
}

/** Best-effort bookkeeping after a failure: a few quick attempts, never blocks the entity for long. */
export const compensationOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
} as const satisfies ActivityOptions;

export const DEFAULT_RETRY_BUDGET_MS = 60 * 60_000;
export const DEFAULT_RETRYING_AFTER_MS = 10_000;

/**
 * The happy path: transform, conditional write and publish of a batch of changes in one local activity (no
 * task-queue round trip, one marker in the history). It is tried once; a transient fault or a batch that
 * outlasts its timeout (the entity's `retryingAfterMs`) hands the change to `storeOptions`' durable retries,
 * so an outage shows as Retrying.
 */
export const applyOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 1 },
} as const satisfies LocalActivityOptions;

/**
 * Claim-checking waiting documents before continue-as-new: a DynamoDB write per document. A regular activity,
 * so it also runs when the task that needs it is retried after failures (where local activities cannot).
 */
export const stashOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const satisfies ActivityOptions;

/**
 * A backlog of an entity's changes, applied like the happy path but as a regular activity (it ends the
 * workflow task, so signals arriving meanwhile are taken in). Tried once: a transient fault hands the change
 * to the durable retries, as on the happy path.
 */
export const backlogOptions = {
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 1 },
} as const satisfies ActivityOptions;

/**
 * A business event's read of SAP on the SAP task queue, on the happy path: it may wait in the queue as long
 * as the rate limit makes it (no schedule-to-start limit); tried once, a failure is applied as the change's
 * failure (a transient one is retried durably, with `enrichOptions`).
 */
export const sapReadOptions = {
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 1 },
} as const satisfies ActivityOptions;
