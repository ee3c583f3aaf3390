import type { Client } from '@temporalio/client';
import type { Admin, Kafka } from 'kafkajs';
import { ENTITY_TYPES } from '../domain/entity';
import type { Logger } from '../logger';
import { SyncEntityType, SyncStatusAttribute } from '../workflows/search-attributes';
import type { ProcessMetrics } from './process-metrics';

/** Something refreshed on an interval until stopped. */
export interface Poller {
  stop(): Promise<void>;
}

/**
 * Runs `refresh` now and then every `intervalMs`, one at a time; a failed refresh is logged at debug level
 * (the dependency's own health shows on /readyz) and the next one tries again.
 */
function poll(name: string, intervalMs: number, logger: Logger, refresh: () => Promise<void>): Poller {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = (): void => {
    running = refresh()
      .catch((error: unknown) => logger.debug({ err: error }, `${name} refresh failed`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * Committed-offset lag of the consumer group on each topic (as Burrow measures it): what SyncHub has really
 * accepted, because the ingester commits only after Temporal took the changes.
 */
export async function kafkaLag(
  admin: Admin,
  groupId: string,
  topics: string[],
): Promise<{ topic: string; partition: number; lag: number }[]> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  const lags: { topic: string; partition: number; lag: number }[] = [];
  for (const { topic, partitions } of committed) {
    const ends = await admin.fetchTopicOffsets(topic);
    for (const end of ends) {
      const at = partitions.find((partition) => partition.partition === end.partition)?.offset ?? '-1';
      // Nothing committed yet: everything still on the partition is behind.
      const from = Number(at) >= 0 ? Number(at) : Number(end.low);
      lags.push({ topic, partition: end.partition, lag: Math.max(0, Number(end.high) - from) });
    }
  }
  return lags;
}

export function pollKafkaLag(deps: {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  metrics: ProcessMetrics;
  intervalMs: number;
  logger: Logger;
}): Poller {
  const admin = deps.kafka.admin();
  let connected = false;
  const poller = poll('kafka lag', deps.intervalMs, deps.logger, async () => {
    if (!connected) {
      await admin.connect();
      connected = true;
    }
    for (const { topic, partition, lag } of await kafkaLag(admin, deps.groupId, deps.topics))
      deps.metrics.consumerLag.set({ topic, partition: String(partition) }, lag);
  });
  return {
    async stop() {
      await poller.stop();
      if (connected) await admin.disconnect();
    },
  };
}

/** The statuses an operator acts on, counted per entity type. */
export const WATCHED_STATUSES = ['Stuck', 'Retrying', 'Paused'] as const;

/**
 * Counts open syncs in each watched status per entity type, and quarantined records, from visibility: one
 * listing of the (normally few) syncs needing attention, counted here, and one count of the quarantine, so a
 * poll is two visibility queries, not one per status and type.
 */
export function pollEntityStatus(deps: {
  client: Client;
  metrics: ProcessMetrics;
  intervalMs: number;
  logger: Logger;
}): Poller {
  const watched = WATCHED_STATUSES.map((status) => `"${status}"`).join(', ');
  return poll('entity status', deps.intervalMs, deps.logger, async () => {
    const counts = new Map<string, number>(
      WATCHED_STATUSES.flatMap((status) => ENTITY_TYPES.map((type) => [`${status} ${type}`, 0] as const)),
    );
    for await (const execution of deps.client.workflow.list({
      query: `SyncStatus IN (${watched}) AND ExecutionStatus="Running"`,
      pageSize: 1000,
    })) {
      const attributes = execution.typedSearchAttributes;
      const key = `${attributes.get(SyncStatusAttribute) ?? ''} ${attributes.get(SyncEntityType) ?? ''}`;
      const counted = counts.get(key);
      if (counted !== undefined) counts.set(key, counted + 1);
    }
    for (const [key, open] of counts) {
      const [status, entityType] = key.split(' ') as [string, string];
      deps.metrics.entities.set({ status, entity_type: entityType }, open);
    }
    const quarantined = await deps.client.workflow.count(
      'SyncStatus="Quarantined" AND ExecutionStatus="Running"',
    );
    deps.metrics.entities.set({ status: 'Quarantined', entity_type: '' }, quarantined.count);
  });
}
