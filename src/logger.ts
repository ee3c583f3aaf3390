import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat } from './config/app-config';

export type { Logger };

function destination(fd: 1 | 2, format: LogFormat): DestinationStream {
  const usePretty =
    format === 'pretty' || (format === 'auto' && Boolean(process[fd === 1 ? 'stdout' : 'stderr'].isTTY));
  if (!usePretty) return pino.destination(fd);
  return pretty({
    destination: fd,
    sync: true,
    colorize: format === 'auto' || undefined,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name',
  });
}

/** Service processes log to stdout; one-shot commands log to stderr so their stdout stays parseable. */
export function createLogger(
  level: string,
  name: string,
  stream: 'stdout' | 'stderr' = 'stdout',
  format: LogFormat = 'auto',
): Logger {
  return pino({ level, name, base: { pid: process.pid } }, destination(stream === 'stdout' ? 1 : 2, format));
}
