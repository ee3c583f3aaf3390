import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

import type { PartitionRange, ReplayBound } from '../shared/replay-types';

export type { PartitionRange, ReplayBound };

const big = (offset: string) => BigInt(offset);
const IDLE_MS = 10_000;
const clamp = (value: bigint, low: bigint, high: bigint) => (value < low ? low : value > high ? high : value);

/** Resolves the bounds to offsets per partition (times to the first record at or after them). */
export async function planReplay(
  kafka: Kafka,
  topic: string,
  from: ReplayBound,
  to: ReplayBound,
): Promise<PartitionRange[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const watermarks = await admin.fetchTopicOffsets(topic);
    const resolve = async (bound: ReplayBound): Promise<Map<number, bigint>> => {
      const result = new Map<number, bigint>();
      const byTime = bound.kind === 'time' ? await admin.fetchTopicOffsetsByTimestamp(topic, bound.ms) : [];
      for (const { partition, low, high } of watermarks) {
        const [lo, hi] = [big(low), big(high)];
        if (bound.kind === 'beginning') result.set(partition, lo);
        else if (bound.kind === 'end') result.set(partition, hi);
        else if (bound.kind === 'offset') result.set(partition, clamp(big(bound.offset), lo, hi));
        else {
          const found = byTime.find((entry) => entry.partition === partition)?.offset ?? '-1';
          result.set(partition, found === '-1' ? hi : clamp(big(found), lo, hi));
        }
      }
      return result;
    };
    const [starts, ends] = await Promise.all([resolve(from), resolve(to)]);
    return watermarks
      .map(({ partition }) => ({ partition, start: starts.get(partition)!, end: ends.get(partition)! }))
      .filter((range) => range.start < range.end)
      .map((range) => ({ partition: range.partition, start: String(range.start), end: String(range.end) }))
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads up to `max` records of the ranges, partition by partition in offset order, handing each to `handle`.
 * Returns the next offset to read per partition. Uses a throw-away consumer group and commits nothing.
 */
export async function readRanges(
  kafka: Kafka,
  topic: string,
  ranges: PartitionRange[],
  max: number,
  handle: (partition: number, message: KafkaMessage) => Promise<void>,
): Promise<PartitionRange[]> {
  const open = ranges.filter((range) => big(range.start) < big(range.end)).map((range) => ({ ...range }));
  if (open.length === 0 || max <= 0) return open;
  const consumer = kafka.consumer({
    groupId: `synchub-replay-${randomUUID()}`,
    allowAutoTopicCreation: false,
  });
  let read = 0;
  let finish: () => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const remaining = () => open.filter((range) => big(range.start) < big(range.end));
  // A range can end in a gap (compacted records, transaction markers): stop once nothing more arrives.
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(finish, IDLE_MS);
  };
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const range = open.find((candidate) => candidate.partition === partition);
        if (!range || read >= max) return;
        const offset = big(message.offset);
        if (offset < big(range.start) || offset >= big(range.end)) return;
        try {
          await handle(partition, message);
        } catch (error) {
          fail(error);
          throw error;
        }
        range.start = String(offset + 1n);
        read += 1;
        armIdle();
        if (read >= max || remaining().length === 0) finish();
      },
    });
    for (const range of open) consumer.seek({ topic, partition: range.partition, offset: range.start });
    armIdle();
    await done;
  } finally {
    clearTimeout(idle);
    await consumer.disconnect();
  }
  return open;
}
