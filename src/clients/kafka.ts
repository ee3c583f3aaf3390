import * as fs from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import {
  Kafka,
  logLevel as KafkaLogLevel,
  Partitioners,
  type Producer,
  type ProducerConfig,
  type SASLOptions,
} from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaSettings } from '../config/app-config';

/**
 * kafkajs logs every failed request at error level before deciding to retry it (e.g. "The group coordinator
 * is not available" while a new broker elects the coordinator), and a routine rebalance at warn level. Those
 * are expected and retried by the client, so they are debug and info here; what kafkajs gives up on (a
 * consumer crash, a restart, a failed commit) still arrives at error level from the layer that gave up.
 */
export function kafkaLogLevel(level: KafkaLogLevel, message: string): 'error' | 'warn' | 'info' | 'debug' {
  if (level <= KafkaLogLevel.ERROR) return message.startsWith('Response ') ? 'debug' : 'error';
  if (level === KafkaLogLevel.WARN) return /rebalancing|re-?joining/i.test(message) ? 'info' : 'warn';
  return 'debug';
}

/** kafkajs logs through our logger so a process has one log format. */
function kafkaLogCreator(logger: Logger) {
  return () =>
    ({ level, log }: { level: KafkaLogLevel; log: { message: string } & Record<string, unknown> }) => {
      const { message, ...extra } = log;
      logger[kafkaLogLevel(level, message)](extra, `kafka: ${message}`);
    };
}

function readPem(file: string, variable: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${variable}=${file}: ${(error as Error).message}`);
  }
}

/** TLS to the brokers, always verified: against the system's CAs, or the configured private CA. */
export function kafkaTls(settings: Pick<KafkaSettings, 'ssl' | 'sslFiles'>): boolean | ConnectionOptions {
  if (!settings.ssl) return false;
  const files = settings.sslFiles;
  if (!files) return true;
  return {
    ...(files.caPath ? { ca: [readPem(files.caPath, 'KAFKA_SSL_CA_PATH')] } : {}),
    ...(files.certPath ? { cert: readPem(files.certPath, 'KAFKA_SSL_CERT_PATH') } : {}),
    ...(files.keyPath ? { key: readPem(files.keyPath, 'KAFKA_SSL_KEY_PATH') } : {}),
  };
}

export function createKafka(settings: KafkaSettings, logger: Logger, clientIdSuffix = ''): Kafka {
  return new Kafka({
    clientId: `${settings.clientId}${clientIdSuffix}`,
    brokers: settings.brokers,
    ssl: kafkaTls(settings),
    ...(settings.sasl ? { sasl: settings.sasl as SASLOptions } : {}),
    logLevel: KafkaLogLevel.WARN,
    logCreator: kafkaLogCreator(logger),
    retry: { initialRetryTime: 300, retries: 8 },
  });
}

/**
 * Producers use the Java client's partitioner (murmur2 on the key), so a key lands on the same partition
 * whether SyncHub or an SAP connector produced it.
 */
export function createProducer(kafka: Kafka, config: ProducerConfig = {}): Producer {
  return kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...config });
}
