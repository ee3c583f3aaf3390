import type { Logger } from '../logger';

/**
 * A Ctrl-C under `npm start` arrives twice: from the terminal, and forwarded by npm to its child. A repeat
 * this soon after the first is the same request, not the user asking to force the exit.
 */
const SAME_REQUEST_MS = 1_000;

/**
 * Calls `stop` once on the first SIGINT/SIGTERM; another signal (after the first second) forces exit.
 * Returns a disposer that removes the handlers.
 */
export function onShutdownSignal(
  logger: Logger,
  stop: (signal: NodeJS.Signals) => Promise<void>,
  now: () => number = Date.now,
): () => void {
  let stoppingSince: number | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      if (now() - stoppingSince < SAME_REQUEST_MS) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stoppingSince = now();
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
