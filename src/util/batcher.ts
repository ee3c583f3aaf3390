import DataLoader from 'dataloader';

export interface BatcherOptions<T, R> {
  /** Most items per call of `run` (e.g. 10 for SNS PublishBatch, 25 for DynamoDB BatchWriteItem). */
  maxBatchSize: number;
  /** How long the first item of a batch waits for company. */
  waitMs: number;
  /** Handles a batch; returns one result or Error per item, in order. */
  run(items: readonly T[]): Promise<(R | Error)[]>;
}

/**
 * Collects calls made close together (from many concurrent activities) into one request. Each caller gets
 * its own result or error; nothing is cached.
 */
export function createBatcher<T, R>(options: BatcherOptions<T, R>): (item: T) => Promise<R> {
  const loader = new DataLoader<T, R>((items) => options.run(items), {
    cache: false,
    maxBatchSize: options.maxBatchSize,
    batchScheduleFn: (callback) => setTimeout(callback, options.waitMs),
  });
  return (item) => loader.load(item);
}
