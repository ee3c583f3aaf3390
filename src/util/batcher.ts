import DataLoader from 'dataloader';

export interface BatcherOptions<T, R> {
  /** Most items per call of `run` (e.g. 10 for SNS PublishBatch, 25 for DynamoDB BatchWriteItem). */
  maxBatchSize: number;
  /** How long the first item of a batch waits for company. */
  waitMs: number;
  /**
   * Group commit: after `waitMs`, the batch keeps waiting while `pending()` callers are announced (on their
   * way, not yet queued), for at most `maxWaitMs` from its first item; a full batch or none announced sends
   * at once. For requests off the latency path, where waiting for a known caller saves a request.
   */
  hold?: { pending: () => number; maxWaitMs: number };
  /** Handles a batch; returns one result or Error per item, in order. */
  run(items: readonly T[]): Promise<(R | Error)[]>;
}

/**
 * Collects calls made close together (from many concurrent activities) into one request. Each caller gets
 * its own result or error; nothing is cached.
 */
export function createBatcher<T, R>(options: BatcherOptions<T, R>): (item: T) => Promise<R> {
  const { hold } = options;
  // Calls so far; a batch holds the calls from the one that opened it (DataLoader opens a new batch when one
  // is full, scheduling it before queueing that call).
  let calls = 0;
  const schedule = (dispatch: () => void): void => {
    if (!hold) {
      setTimeout(dispatch, options.waitMs);
      return;
    }
    const opened = Date.now();
    const firstCall = calls;
    const check = (): void => {
      const full = calls - firstCall >= options.maxBatchSize;
      if (full || hold.pending() <= 0 || Date.now() - opened >= hold.maxWaitMs) dispatch();
      else setTimeout(check, 1);
    };
    setTimeout(check, options.waitMs);
  };
  const loader = new DataLoader<T, R>((items) => options.run(items), {
    cache: false,
    maxBatchSize: options.maxBatchSize,
    batchScheduleFn: schedule,
  });
  return (item) => {
    const result = loader.load(item);
    calls += 1;
    return result;
  };
}

/**
 * Callers announced to a batcher before they reach it (see `BatcherOptions.hold`). `announce()` returns the
 * release, to call when the caller is about to queue its item or will not; releasing twice is harmless.
 */
export function createArrivals(): { announce(): () => void; pending(): number } {
  let pending = 0;
  return {
    announce() {
      pending += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        pending -= 1;
      };
    },
    pending: () => pending,
  };
}
