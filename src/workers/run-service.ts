import type { NativeConnection } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createAwsClients } from '../clients/aws';
import { createKafka } from '../clients/kafka';
import { connectClient, connectWorker, loadKeyRing } from '../clients/temporal';
import type { AppConfig } from '../config/app-config';
import type { Ingester } from '../ingest/ingester';
import type { Logger } from '../logger';
import { countAwsErrors } from '../metrics/instrument';
import { pollEntityStatus, pollKafkaLag, type Poller } from '../metrics/pollers';
import { createProcessMetrics } from '../metrics/process-metrics';
import { startTracing } from '../tracing/tracing';
import {
  composeHttpServer,
  composeIngester,
  composeSignaller,
  composeWorkerDeps,
  ingesterSettings,
  sapReadQueues,
  workerTuning,
} from './compose';
import { createSapWorker, createSyncWorker } from './create-worker';
import { onShutdownSignal } from './shutdown';
import { freeLoopbackPort, installTemporalRuntime, sdkMetricsReader } from './temporal-runtime';

/** How long a starting process keeps trying to reach Temporal, e.g. while the server restarts. */
const CONNECT_AT_START_WINDOW_MS = 30_000;

export interface ServiceRoles {
  worker: boolean;
  ingester: boolean;
  /** The HTTP API (reads, status, operator actions, inbound documents) and the status metrics. */
  api: boolean;
}

/** Refused to start: the HTTP port is taken or not allowed. */
export class HttpPortError extends Error {
  override readonly name = 'HttpPortError';
}

/**
 * Runs the worker and/or the ingester until SIGINT/SIGTERM, then stops the ingester first (no new signals),
 * lets the worker finish in-flight tasks, and closes every connection.
 */
export async function runService(config: AppConfig, roles: ServiceRoles, logger: Logger): Promise<void> {
  const metrics = createProcessMetrics();
  const role =
    roles.worker && roles.ingester
      ? 'service'
      : roles.worker
        ? 'worker'
        : roles.ingester
          ? 'ingester'
          : 'api';
  const tracing = startTracing(config.tracing, role);
  /**
   * Connects to Temporal, retrying for a while when it cannot be reached (a server restarting as this process
   * starts); with TLS on, a failure is a configuration matter and is reported at once. A shutdown stops it.
   */
  const reachTemporal = async <T>(connect: () => Promise<T>, stopping: () => boolean): Promise<T> => {
    const deadline = Date.now() + CONNECT_AT_START_WINDOW_MS;
    for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 4_000)) {
      try {
        return await connect();
      } catch (error) {
        if (config.temporal.tls || stopping() || Date.now() + delayMs > deadline) throw error;
        logger.warn(
          {
            address: config.temporal.address,
            reason: error instanceof Error ? error.message : String(error),
          },
          'Temporal not reachable yet; trying again',
        );
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  };
  const serveHttp = config.http.port !== 'off';
  // Only a worker needs the SDK's native runtime; an ingester-only process would be kept alive by it.
  const sdkMetricsPort = roles.worker && serveHttp ? await freeLoopbackPort() : undefined;
  if (roles.worker)
    installTemporalRuntime(logger, sdkMetricsPort === undefined ? undefined : { port: sdkMetricsPort });
  const aws = createAwsClients(config.aws);
  countAwsErrors(aws, metrics);
  let workerConnection: NativeConnection | undefined;
  let client: Client | undefined;
  let ingester: Ingester | undefined;
  let http: Awaited<ReturnType<typeof composeHttpServer>> | undefined;
  const pollers: Poller[] = [];
  try {
    const running: Promise<void>[] = [];
    let shutdownWorker: (() => void) | undefined;
    // Installed before anything starts, so a signal during start-up (e.g. while Kafka is unreachable) is a
    // graceful shutdown too.
    let shuttingDown = false;
    let release: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      release = resolve;
    });
    const dispose = onShutdownSignal(logger, async () => {
      shuttingDown = true;
      if (ingester) await ingester.stop();
      shutdownWorker?.();
      await Promise.all(running);
      release();
    });
    client = await reachTemporal(
      () => connectClient(config.temporal),
      () => shuttingDown,
    );
    if (config.temporal.codecKeys) {
      const ring = loadKeyRing(config.temporal.codecKeys);
      logger.info(
        { activeKey: ring.activeKeyId, keys: ring.keys.size },
        'payload encryption on: Temporal stores SyncHub payloads and failure messages encrypted',
      );
    } else if (!config.localStack)
      logger.warn(
        'payloads go to Temporal unencrypted: set SYNCHUB_CODEC_KEYS_FILE (or SYNCHUB_CODEC_KEYS) to encrypt them',
      );
    const wiring = { config, aws, client };
    const signal = composeSignaller(wiring);
    // The ingesters' committed lag is reported by the API process too, so it still shows (and grows) while
    // every ingester is down; dashboards and alerts take the max over the processes that report it.
    const reportLag = (kafka: ReturnType<typeof createKafka>) => {
      const { groupId, topics } = ingesterSettings(config);
      pollers.push(
        pollKafkaLag({ kafka, groupId, topics, metrics, intervalMs: config.http.metricsPollMs, logger }),
      );
    };
    if (serveHttp && !shuttingDown) {
      const httpKafka = createKafka(config.kafka, logger, '-http');
      http = await composeHttpServer({
        ...wiring,
        kafka: httpKafka,
        logger,
        metrics,
        api: roles.api,
        ...(sdkMetricsPort === undefined ? {} : { sdkMetrics: sdkMetricsReader(sdkMetricsPort) }),
      });
      const port = config.http.port as number;
      try {
        await http.server.listen({ port, host: config.http.host });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EACCES')
          throw new HttpPortError(
            `cannot serve HTTP on ${config.http.host}:${port} (${code === 'EADDRINUSE' ? 'in use' : 'not allowed'}); set SYNCHUB_HTTP_PORT to a free port, 0 for any, or off`,
          );
        throw error;
      }
      const address = http.server.server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      logger.info(
        { url: `http://${config.http.host}:${bound}`, api: roles.api },
        roles.api ? 'HTTP API listening' : 'health and metrics listening',
      );
      const loopback = ['127.0.0.1', '::1', 'localhost'].includes(config.http.host);
      if (roles.api && !loopback && config.http.apiKeys.length === 0)
        logger.warn(
          { host: config.http.host },
          'the HTTP API is reachable from other hosts and open to anyone: set SYNCHUB_API_KEYS',
        );
      if (roles.api) {
        pollers.push(pollEntityStatus({ client, metrics, intervalMs: config.http.metricsPollMs, logger }));
        reportLag(httpKafka);
      }
    }
    if (roles.worker && !shuttingDown) {
      const connection = await reachTemporal(
        () => connectWorker(config.temporal),
        () => shuttingDown,
      );
      workerConnection = connection;
      const deps = composeWorkerDeps({
        ...wiring,
        signal,
        historyKafka: createKafka(config.kafka, logger, '-replay'),
        metrics,
      });
      const tuning = workerTuning(config);
      const worker = await createSyncWorker({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        deps,
        metrics,
        ...tuning,
      });
      // One worker per SAP system's task queue, each at its system's rate.
      const sapQueues = sapReadQueues(config);
      const sapWorkers = await Promise.all(
        sapQueues.map((queue) =>
          createSapWorker({
            connection,
            namespace: config.temporal.namespace,
            sapTaskQueue: queue.taskQueue,
            deps,
            rateLimit: queue.rateLimit,
            dataConverter: tuning.dataConverter,
            ...(tuning.maxConcurrentActivities
              ? { maxConcurrentActivities: tuning.maxConcurrentActivities }
              : {}),
          }),
        ),
      );
      if (!shuttingDown) {
        shutdownWorker = () => {
          worker.shutdown();
          for (const sapWorker of sapWorkers) sapWorker.shutdown();
        };
        running.push(worker.run(), ...sapWorkers.map((sapWorker) => sapWorker.run()));
      }
      logger.info(
        {
          taskQueue: config.temporal.taskQueue,
          sapTaskQueues: Object.fromEntries(
            sapQueues.map((queue) => [
              queue.taskQueue,
              { system: queue.system, rateLimit: queue.rateLimit, odata: queue.hasService },
            ]),
          ),
          address: config.temporal.address,
        },
        'worker running',
      );
    }
    if (roles.ingester && !shuttingDown) {
      const kafka = createKafka(config.kafka, logger);
      ingester = composeIngester({ ...wiring, signal, kafka, logger, metrics });
      if (!shuttingDown) await ingester.start();
      if (serveHttp && !roles.api && !shuttingDown) reportLag(kafka);
    }
    // An ingester-only process has nothing in `running`: it lives until a shutdown signal.
    await (running.length > 0 ? Promise.race([stopped, Promise.all(running)]) : stopped);
    dispose();
    logger.info('stopped');
  } finally {
    await Promise.all(pollers.map((poller) => poller.stop()));
    await http?.close();
    await client?.connection.close();
    await workerConnection?.close();
    aws.destroy();
    await tracing?.shutdown();
  }
}
