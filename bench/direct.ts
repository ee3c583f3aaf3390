/**
 * The direct pipeline, what a team would write instead of SyncHub: a kafkajs consumer that transforms each
 * IDoc, puts the CURRENT item conditionally on its version and publishes the record when the put applied.
 * No Temporal, no version history, no retries beyond the AWS SDK's, no operator view: the baseline.
 */
import type { Logger } from '../src/logger';
import { createAwsClients } from '../src/clients/aws';
import { createKafka } from '../src/clients/kafka';
import { transformIdoc, validateRecord } from '../src/domain';
import { countRequests } from './aws-requests';
import type { KafkaPipeline } from './cells';
import { createSink } from './sink';

/** Partitions consumed at once: the same as SyncHub's ingester. */
const PARTITIONS_CONSUMED_CONCURRENTLY = 3;

export function directPipeline(logger: Logger): KafkaPipeline {
  return {
    id: 'direct',
    async start(config) {
      const aws = createAwsClients(config.aws);
      const requests = countRequests(aws);
      const sink = createSink(aws, config.sync.table, config.sync.snsTopicArn);
      const kafka = createKafka(config.kafka, logger, `-${config.kafka.groupId}`);
      const consumer = kafka.consumer({ groupId: config.kafka.groupId, allowAutoTopicCreation: false });
      await consumer.connect();
      await consumer.subscribe({ topic: config.kafka.topics.material, fromBeginning: true });
      await consumer.run({
        partitionsConsumedConcurrently: PARTITIONS_CONSUMED_CONCURRENTLY,
        eachMessage: async ({ message }) => {
          if (!message.value) return;
          const record = validateRecord(transformIdoc(message.value.toString('utf8')));
          if (await sink.put(record, new Date().toISOString())) await sink.publish(record);
        },
      });
      return {
        requests,
        async stop() {
          await consumer.disconnect();
          aws.destroy();
        },
      };
    },
  };
}
