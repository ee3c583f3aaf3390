export interface GroupBatcherOptions<T, R> {
  /** Most items per call of `run` (10 for SNS PublishBatch). */
  maxBatchSize: number;
  /** How long the first group of a batch waits for company. */
  waitMs: number;
  /** Handles a batch; returns one result or Error per item, in order. */
  run(items: readonly T[]): Promise<(R | Error)[]>;
}

interface Pending<T, R> {
  group: readonly T[];
  resolve(results: (R | Error)[]): void;
}

/**
 * Like createBatcher, for callers that submit several items at once (one change published as several
 * messages): a group is never split across requests unless it alone exceeds `maxBatchSize`. Each caller
 * gets the results of its own items, in order.
 */
export function createGroupBatcher<T, R>(
  options: GroupBatcherOptions<T, R>,
): (group: readonly T[]) => Promise<(R | Error)[]> {
  let pending: Pending<T, R>[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function send(batch: Pending<T, R>[]): Promise<void> {
    const items = batch.flatMap((entry) => entry.group);
    const results: (R | Error)[] = [];
    for (let start = 0; start < items.length; start += options.maxBatchSize) {
      const chunk = items.slice(start, start + options.maxBatchSize);
      try {
        results.push(...(await options.run(chunk)));
      } catch (error) {
        results.push(...chunk.map(() => (error instanceof Error ? error : new Error(String(error)))));
      }
    }
    let offset = 0;
    for (const entry of batch) {
      entry.resolve(results.slice(offset, offset + entry.group.length));
      offset += entry.group.length;
    }
  }

  function flush(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    size = 0;
    if (batch.length > 0) void send(batch);
  }

  return (group) =>
    new Promise((resolve) => {
      if (group.length === 0) {
        resolve([]);
        return;
      }
      if (size + group.length > options.maxBatchSize) flush();
      pending.push({ group, resolve });
      size += group.length;
      if (size >= options.maxBatchSize) flush();
      else timer ??= setTimeout(flush, options.waitMs);
    });
}
