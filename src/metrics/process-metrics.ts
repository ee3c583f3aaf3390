import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ChangeOutcome, LatencyMetric, LatencyRecorder } from '../shared/worker-metrics';

/** Buckets of the latency histograms, in seconds. */
const LATENCY_BUCKETS_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * SyncHub's metrics of one process: change outcomes (reported by the entity workflows through a sink) and
 * latencies (worker), Kafka in, the HTTP API, entity status counts, dependency errors and the Node.js process.
 * One registry per process, served on `/metrics` together with the Temporal SDK's own `temporal_*` metrics.
 */
export interface ProcessMetrics {
  readonly registry: Registry;
  /** Entity changes by outcome, as the entity workflows report them (worker). */
  readonly changes: Counter<'entity_type' | 'outcome'>;
  /** Latencies of applied changes (worker). */
  readonly latency: Record<LatencyMetric, Histogram<'entity_type'>>;
  /** Kafka records the ingester handled, by topic and outcome (`routed` or `rejected`). */
  readonly ingestRecords: Counter<'topic' | 'outcome'>;
  /** Entity changes the ingester handed to Temporal, by entity type. */
  readonly ingestChanges: Counter<'entity_type'>;
  /** Records or documents refused (Kafka or HTTP), by reason code and where they came from. */
  readonly rejected: Counter<'reason' | 'source'>;
  /** Committed-offset lag of the ingester's consumer group, per topic and partition. */
  readonly consumerLag: Gauge<'topic' | 'partition'>;
  /** Open entity syncs (and quarantined records) by status and entity type, from Temporal visibility. */
  readonly entities: Gauge<'status' | 'entity_type'>;
  /** Failed AWS calls, by service, operation and error name. */
  readonly awsErrors: Counter<'service' | 'operation' | 'error'>;
  /** Failed Temporal calls of the ingester and the API, by operation. */
  readonly temporalErrors: Counter<'operation'>;
  /** Failed SAP OData calls, by error (SourceNotFoundError, SourceUnavailableError, ...). */
  readonly sapErrors: Counter<'error' | 'system'>;
  readonly httpRequests: Histogram<'method' | 'route' | 'status_code'>;
}

export function createProcessMetrics(): ProcessMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const latency = (name: string, help: string) =>
    new Histogram({ name, help, labelNames: ['entity_type'], buckets: LATENCY_BUCKETS_SECONDS, registers });
  return {
    registry,
    changes: new Counter({
      name: 'synchub_changes_total',
      help: 'Entity changes by outcome: received, applied, duplicate, skipped (older than applied, stale in store, or by an operator), superseded (coalesced), stuck, restored, resynced',
      labelNames: ['entity_type', 'outcome'],
      registers,
    }),
    latency: {
      kafkaToStored: latency(
        'synchub_kafka_to_stored_seconds',
        'Time from the Kafka record append to the version stored in DynamoDB',
      ),
      sapToStored: latency(
        'synchub_sap_to_stored_seconds',
        "Time from the business event's time to the version stored (IDocs carry no time zone)",
      ),
      storedToPublished: latency(
        'synchub_stored_to_published_seconds',
        'Time from the version stored to its publish accepted by SNS',
      ),
    },
    ingestRecords: new Counter({
      name: 'synchub_ingest_records_total',
      help: 'Kafka records the ingester handled, by topic and outcome (routed, rejected)',
      labelNames: ['topic', 'outcome'],
      registers,
    }),
    ingestChanges: new Counter({
      name: 'synchub_ingest_changes_total',
      help: 'Entity changes the ingester handed to their Temporal workflows, by entity type',
      labelNames: ['entity_type'],
      registers,
    }),
    rejected: new Counter({
      name: 'synchub_rejected_total',
      help: 'Records (Kafka) and documents (HTTP) refused and preserved, by reason code and source',
      labelNames: ['reason', 'source'],
      registers,
    }),
    consumerLag: new Gauge({
      name: 'synchub_kafka_consumer_lag',
      help: 'Records not yet committed by the ingester (high watermark minus committed offset), per partition',
      labelNames: ['topic', 'partition'],
      registers,
    }),
    entities: new Gauge({
      name: 'synchub_entities',
      help: 'Open entity syncs by status (Stuck, Retrying, Paused) and quarantined records, from Temporal visibility',
      labelNames: ['status', 'entity_type'],
      registers,
    }),
    awsErrors: new Counter({
      name: 'synchub_aws_errors_total',
      help: 'Failed AWS calls (DynamoDB, SNS, SQS), by service, operation and error',
      labelNames: ['service', 'operation', 'error'],
      registers,
    }),
    temporalErrors: new Counter({
      name: 'synchub_temporal_errors_total',
      help: 'Failed Temporal calls of the ingester and the HTTP API, by operation',
      labelNames: ['operation'],
      registers,
    }),
    sapErrors: new Counter({
      name: 'synchub_sap_odata_errors_total',
      help: 'Failed SAP OData calls, by error (SourceNotFoundError, SourceUnavailableError, SourceRejectedError) and SAP system alias',
      labelNames: ['error', 'system'],
      registers,
    }),
    httpRequests: new Histogram({
      name: 'synchub_http_request_duration_seconds',
      help: 'HTTP API requests, by method, route and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
  };
}

/** The apply activity's latency recorder, into these metrics. */
export function latencyRecorder(metrics: ProcessMetrics): LatencyRecorder {
  return (metric, seconds, entityType) =>
    metrics.latency[metric].observe({ entity_type: entityType }, seconds);
}

/** What the entity workflows report through their sink, into `synchub_changes_total`. */
export function countChanges(
  metrics: ProcessMetrics | undefined,
  entityType: string,
  counts: Partial<Record<ChangeOutcome, number>>,
): void {
  if (!metrics) return;
  for (const [outcome, count] of Object.entries(counts))
    if (count) metrics.changes.inc({ entity_type: entityType, outcome }, count);
}
