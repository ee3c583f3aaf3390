/**
 * Metrics the worker emits through the Temporal SDK's meter (workflow code and activities), exported on the
 * worker's `/metrics` with the SDK's own `temporal_*` metrics. Names and units follow Prometheus conventions;
 * counters get `_total` when exported.
 */
export const WORKER_METRICS = {
  changes: {
    name: 'synchub_changes',
    description:
      'Entity changes by outcome: received, applied, duplicate, skipped (older than applied, stale in store, or skipped by an operator), superseded (coalesced), stuck, restored, resynced',
  },
  kafkaToStored: {
    name: 'synchub_kafka_to_stored_seconds',
    description: 'Time from the Kafka record append to the version stored in DynamoDB',
  },
  sapToStored: {
    name: 'synchub_sap_to_stored_seconds',
    description: 'Time from the SAP document creation (IDoc control record) to the version stored',
  },
  storedToPublished: {
    name: 'synchub_stored_to_published_seconds',
    description: 'Time from the version stored to its publish to the domains accepted by SNS',
  },
} as const;

/** Buckets of the latency histograms, in seconds. */
export const LATENCY_BUCKETS_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** The `outcome` label of `synchub_changes_total`, from the entity's counters. */
export const CHANGE_OUTCOMES = {
  received: 'received',
  applied: 'applied',
  duplicates: 'duplicate',
  skipped: 'skipped',
  superseded: 'superseded',
  stuck: 'stuck',
  restored: 'restored',
  resynced: 'resynced',
} as const;
