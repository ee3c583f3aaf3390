import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
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

/**
 * Fields never written as they are: secrets, and the contents of documents and records (which carry personal
 * data). A log line names the type, key, version, code, field and Kafka origin of what it is about, never the
 * document; failure messages go in fields (`reason`), never in the message string, and name a personal
 * field without its value (src/domain/personal-fields.ts). pino redacts fields only, never the message string.
 */
export const REDACTED_PATHS: readonly string[] = [
  'password',
  '*.password',
  'sasl.password',
  '*.sasl.password',
  'secretAccessKey',
  '*.secretAccessKey',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'data',
  '*.data',
  'payload',
  '*.payload',
  'document',
  '*.document',
  'record',
  '*.record',
  'value',
  '*.value',
];

export const REDACT_CENSOR = '[redacted]';

/** The options of every SyncHub logger: level, name, pid and the redaction of REDACTED_PATHS. */
export function loggerOptions(level: string, name: string): LoggerOptions {
  return {
    level,
    name,
    base: { pid: process.pid },
    redact: { paths: [...REDACTED_PATHS], censor: REDACT_CENSOR },
  };
}

/** Service processes log to stdout; one-shot commands log to stderr so their stdout stays parseable. */
export function createLogger(
  level: string,
  name: string,
  stream: 'stdout' | 'stderr' = 'stdout',
  format: LogFormat = 'auto',
): Logger {
  return pino(
    {
      level,
      name,
      base: { pid: process.pid },
      redact: { paths: [...REDACTED_PATHS], censor: REDACT_CENSOR },
    },
    destination(stream === 'stdout' ? 1 : 2, format),
  );
}
