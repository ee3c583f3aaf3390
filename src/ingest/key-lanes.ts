/**
 * Runs the records of one fetched Kafka batch concurrently across keys and in order within a key, the way
 * Kafka itself orders them: records with the same key (the same SAP object) never overtake each other, and
 * a slow entity holds up only its own lane. Consecutive records of a lane may be handed over together. Only the contiguous prefix of finished records is reported,
 * so an offset is never committed ahead of a record that has not been handed over.
 */

/** Bounds work in flight across every lane and every partition of a process. */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`slots must be a positive integer, not ${size}`);
    this.free = size;
  }

  get inUse(): number {
    return this.size - this.free;
  }

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

export interface KeyLaneOptions<M> {
  /** The lane of a record; records without a key share one lane. */
  keyOf(record: M): string | undefined;
  /**
   * Hands over consecutive records of one lane (at most `maxGroup`, in order): all of them or none (a
   * failure fails them all).
   */
  handle(records: M[]): Promise<void>;
  /** Records of one lane handed over at once, from those fetched together (default 1). */
  maxGroup?: number;
  /** Called whenever the finished prefix grows, with the index of its last record. */
  onPrefix(lastIndex: number): void | Promise<void>;
  slots: Slots;
  /** Checked before each record starts; false stops the run (shutdown, rebalance) after what is in flight. */
  shouldContinue(): boolean;
}

const UNKEYED = Symbol('unkeyed');

/**
 * Handles `records` in key lanes. Resolves when every record was handled or the run was stopped; rejects
 * with the first failure once the records in flight have settled (no new record starts after a failure).
 */
export async function runInKeyLanes<M>(records: readonly M[], options: KeyLaneOptions<M>): Promise<void> {
  const lanes = new Map<string | typeof UNKEYED, number[]>();
  records.forEach((record, index) => {
    const key = options.keyOf(record) ?? UNKEYED;
    const lane = lanes.get(key);
    if (lane) lane.push(index);
    else lanes.set(key, [index]);
  });
  const done = new Array<boolean>(records.length).fill(false);
  let prefix = -1;
  let failure: { error: unknown } | undefined;
  let reporting = Promise.resolve();

  const finished = (index: number): void => {
    done[index] = true;
    const before = prefix;
    while (prefix + 1 < records.length && done[prefix + 1]) prefix += 1;
    if (prefix === before) return;
    const reached = prefix;
    // Reported in order, one at a time, each with the prefix it saw; a failure to report ends the run.
    reporting = reporting
      .then(() => options.onPrefix(reached))
      .catch((error: unknown) => {
        failure ??= { error };
      });
  };

  const maxGroup = options.maxGroup ?? 1;
  const runLane = async (indices: number[]): Promise<void> => {
    let position = 0;
    while (position < indices.length) {
      if (failure || !options.shouldContinue()) return;
      await options.slots.acquire();
      const group = indices.slice(position, position + maxGroup);
      try {
        if (failure || !options.shouldContinue()) return;
        await options.handle(group.map((index) => records[index]!));
      } catch (error) {
        failure ??= { error };
        return;
      } finally {
        options.slots.release();
      }
      position += group.length;
      group.forEach(finished);
    }
  };

  await Promise.all([...lanes.values()].map(runLane));
  await reporting;
  if (failure) throw failure.error;
}
