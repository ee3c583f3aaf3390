import type { AppConfig } from '../config/app-config';
import type { IngesterSettings } from '../ingest/ingester';

/** Partitions whose batches run at once; `maxInFlight` bounds the records across them. */
const PARTITIONS_CONSUMED_CONCURRENTLY = 8;

/** The ingester's settings from the parsed configuration (the service, the tests and the bench share it). */
export function ingesterSettings(config: AppConfig): IngesterSettings {
  return {
    groupId: config.kafka.groupId,
    topics: Object.values(config.kafka.topics),
    rejectedTopic: config.kafka.rejectedTopic,
    partitionsConsumedConcurrently: PARTITIONS_CONSUMED_CONCURRENTLY,
    maxInFlight: config.kafka.maxInFlight,
    fromBeginning: true,
    claimCheckBytes: config.sync.claimCheckBytes,
  };
}
