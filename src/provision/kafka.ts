import { waitFor } from '../util/wait-for';
import type { Kafka } from 'kafkajs';

/** Creates missing topics and waits for their leaders, so consumers never subscribe to a missing topic. */
export async function ensureKafkaTopics(kafka: Kafka, topics: string[], partitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
    });
    // A broker that has just started may not know a new topic for a moment (UNKNOWN_TOPIC_OR_PARTITION),
    // which kafkajs's own wait for leaders does not retry: wait until every partition has a leader.
    await waitFor(
      `leaders for the new topics ${missing.join(', ')}`,
      async () => {
        const { topics: described } = await admin.fetchTopicMetadata({ topics: missing });
        return described.every(
          (topic) =>
            topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0),
        );
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  } finally {
    await admin.disconnect();
  }
}
