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

/** kafkajs logs through our logger so a process has one log format. */
function kafkaLogCreator(logger: Logger) {
  return () =>
    ({ level, log }: { level: KafkaLogLevel; log: { message: string } & Record<string, unknown> }) => {
      const { message, ...extra } = log;
      if (level <= KafkaLogLevel.ERROR) logger.error(extra, `kafka: ${message}`);
      else if (level === KafkaLogLevel.WARN) logger.warn(extra, `kafka: ${message}`);
      else logger.debug(extra, `kafka: ${message}`);
    };
}

export function createKafka(settings: KafkaSettings, logger: Logger, clientIdSuffix = ''): Kafka {
  return new Kafka({
    clientId: `${settings.clientId}${clientIdSuffix}`,
    brokers: settings.brokers,
    ssl: settings.ssl,
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
