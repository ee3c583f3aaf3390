import pino, { type Logger } from 'pino';

export type { Logger };

/** Service processes log JSON to stdout; one-shot commands log to stderr so their stdout stays parseable. */
export function createLogger(level: string, name: string, stream: 'stdout' | 'stderr' = 'stdout'): Logger {
  return pino({ level, name, base: { pid: process.pid } }, pino.destination(stream === 'stdout' ? 1 : 2));
}
