import { continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { SyncActivities } from '../activities';
import { replayProgressQuery, type ReplayInput, type ReplayProgress } from './replay-messages';

const { planKafkaReplay, replayKafkaRecords } = proxyActivities<SyncActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/**
 * Re-drives entity workflows from a range of Kafka history (the stream is the source of truth). Idempotent:
 * replayed changes restore what the store lost and never overwrite a newer version.
 */
export async function replay(input: ReplayInput): Promise<ReplayProgress> {
  let ranges =
    input.carried?.ranges ?? (await planKafkaReplay({ topic: input.topic, from: input.from, to: input.to }));
  const progress: ReplayProgress = input.carried?.progress ?? {
    topic: input.topic,
    total: ranges.reduce((sum, range) => sum + Number(BigInt(range.end) - BigInt(range.start)), 0),
    read: 0,
    routed: 0,
    quarantined: 0,
    finished: false,
  };
  setHandler(replayProgressQuery, () => progress);

  while (ranges.length > 0) {
    const result = await replayKafkaRecords({
      topic: input.topic,
      ranges,
      max: input.batchSize,
      ...(input.system !== undefined ? { system: input.system } : {}),
    });
    progress.read += result.read;
    progress.routed += result.routed;
    progress.quarantined += result.quarantined;
    ranges = result.ranges.filter((range) => BigInt(range.start) < BigInt(range.end));
    if (result.read === 0) break;
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof replay>({ ...input, carried: { ranges, progress } });
    }
  }
  progress.finished = true;
  return progress;
}
