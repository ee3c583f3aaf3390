import * as net from 'node:net';
import { Runtime, type LogLevel, type LogMetadata } from '@temporalio/worker';
import type { Logger } from '../logger';

let installed = false;

const NO_WORKFLOWS_WARNING = 'No workflows registered, not polling for workflow tasks';

/** A free loopback port, for the SDK's own metrics endpoint (read and re-served on the process's /metrics). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The SDK's metrics in Prometheus text, from the loopback endpoint the runtime serves them on. */
export function sdkMetricsReader(port: number): () => Promise<string> {
  return async () => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? response.text() : '';
  };
}

/**
 * The level an SDK log line is written at. The worker's own lifecycle chatter (state changes, "no Nexus
 * services") is debug detail, and so is the warning that a worker without workflows polls no workflow tasks:
 * the SAP task queues' workers are activity-only by design. Workflow and activity logs and every other
 * warning keep their level.
 */
export function sdkLogLevel(level: LogLevel, meta: LogMetadata, message: string): LogLevel {
  if (meta.sdkComponent !== 'worker') return level;
  if (level === 'INFO') return 'DEBUG';
  if (level === 'WARN' && message.startsWith(NO_WORKFLOWS_WARNING)) return 'DEBUG';
  return level;
}

/**
 * Routes the Temporal SDK's logs (including workflow and activity logs) into our logger. Signals are handled
 * by our own shutdown code so the worker and the ingester stop together, in order.
 */
export function installTemporalRuntime(logger: Logger, metrics?: { port: number }): void {
  if (installed) return;
  installed = true;
  const methods: Record<LogLevel, (meta: LogMetadata, message: string) => void> = {
    TRACE: (meta, message) => logger.trace(meta, message),
    DEBUG: (meta, message) => logger.debug(meta, message),
    INFO: (meta, message) => logger.info(meta, message),
    WARN: (meta, message) => logger.warn(meta, message),
    ERROR: (meta, message) => logger.error(meta, message),
  };
  const log = (level: LogLevel, message: string, meta: LogMetadata = {}) => {
    methods[sdkLogLevel(level, meta, message)](meta, message);
  };
  Runtime.install({
    shutdownSignals: [],
    // The SDK core's own warnings (e.g. a late activity completion) go through the same logger as JSON.
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} },
      // The SDK's worker metrics (`temporal_*`), in Prometheus conventions (seconds, `_total` counters), on
      // a loopback port the process's /metrics re-serves.
      ...(metrics
        ? {
            metrics: {
              prometheus: {
                bindAddress: `127.0.0.1:${metrics.port}`,
                countersTotalSuffix: true,
                useSecondsForDurations: true,
              },
            },
          }
        : {}),
    },
    logger: {
      log,
      trace: (message, meta) => log('TRACE', message, meta),
      debug: (message, meta) => log('DEBUG', message, meta),
      info: (message, meta) => log('INFO', message, meta),
      warn: (message, meta) => log('WARN', message, meta),
      error: (message, meta) => log('ERROR', message, meta),
    },
  });
}
