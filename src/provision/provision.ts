import type { AwsClients } from '../clients/aws';
import type { AppConfig } from '../config/app-config';
import { planViews } from '../config/domain-views';
import type { ConsumerDomain } from '../config/domains';
import type { Kafka } from 'kafkajs';
import { ensureDomainQueue, ensureTable, ensureTopic, type ProvisionedQueue } from './aws';
import { ensureKafkaTopics } from './kafka';

export interface ProvisionResult {
  table: string;
  topicArn: string;
  queues: ProvisionedQueue[];
  kafkaTopics: string[];
}

function topicNameFromArn(arn: string): string {
  return arn.split(':').at(-1) ?? arn;
}

/** Idempotently creates everything SyncHub writes to: the table, the SNS topic, domain queues, Kafka topics. */
export async function provision(
  config: AppConfig,
  clients: AwsClients,
  kafka: Kafka,
  domains: readonly ConsumerDomain[],
): Promise<ProvisionResult> {
  const kafkaTopics = [...Object.values(config.kafka.topics), config.kafka.rejectedTopic];
  const [, topicArn] = await Promise.all([
    ensureTable(clients, config.sync.table),
    ensureTopic(clients, topicNameFromArn(config.sync.snsTopicArn)),
    ensureKafkaTopics(kafka, kafkaTopics),
  ]);
  const views = planViews(domains);
  const queues: ProvisionedQueue[] = [];
  for (const domain of domains) {
    queues.push(await ensureDomainQueue(clients, topicArn, config.sync.queuePrefix, domain, views));
  }
  return { table: config.sync.table, topicArn, queues, kafkaTopics };
}
