import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The metrics of one SyncHub process besides what the worker emits through the Temporal SDK (see
 * `src/shared/worker-metrics.ts`): Kafka in, the HTTP API, entity status counts, dependency errors and the
 * Node.js process itself. One registry per process, served on `/metrics`.
 */
export interface ProcessMetrics {
  readonly registry: Registry;
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
  readonly sapErrors: Counter<'error'>;
  readonly httpRequests: Histogram<'method' | 'route' | 'status_code'>;
}

export function createProcessMetrics(): ProcessMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
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
      help: 'Failed SAP OData calls, by error (SourceNotFoundError, SourceUnavailableError, SourceRejectedError)',
      labelNames: ['error'],
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
