import type { Logger } from '../logger';

/**
 * Calls `stop` once on the first SIGINT/SIGTERM; a second signal forces exit. Returns a disposer that
 * removes the handlers.
 */
export function onShutdownSignal(
  logger: Logger,
  stop: (signal: NodeJS.Signals) => Promise<void>,
): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight work (signal again to force)');
    stop(signal).catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exitCode = 1;
    });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
