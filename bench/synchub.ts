/**
 * SyncHub end to end, wired the way the service wires itself (src/workers/run-service.ts): a worker with
 * the service's activities and workflow bundle, and an ingester signalling entity workflows, both in this
 * process, with AWS clients whose requests the bench counts.
 */
import type { Logger } from '../src/logger';
import { createAwsClients } from '../src/clients/aws';
import { createKafka } from '../src/clients/kafka';
import { connectClient, connectWorker } from '../src/clients/temporal';
import { composeIngester, createActivityDeps, workerTuning } from '../src/workers/compose';
import { createSyncWorker } from '../src/workers/create-worker';
import { installTemporalRuntime } from '../src/workers/temporal-runtime';
import { countRequests } from './aws-requests';
import type { KafkaPipeline } from './cells';

export function syncHubPipeline(logger: Logger): KafkaPipeline {
  return {
    id: 'synchub',
    async start(config) {
      installTemporalRuntime(logger);
      const aws = createAwsClients(config.aws);
      const requests = countRequests(aws);
      const workerConnection = await connectWorker(config.temporal);
      const client = await connectClient(config.temporal);
      const wiring = { config, aws, client };
      const worker = await createSyncWorker({
        connection: workerConnection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        deps: createActivityDeps(config, aws),
        ...workerTuning(config),
      });
      const workerRun = worker.run();
      const ingester = composeIngester({
        ...wiring,
        kafka: createKafka(config.kafka, logger, `-${config.kafka.groupId}`),
        logger,
        settings: { topics: [config.kafka.topics.material] },
      });
      await ingester.start();
      return {
        requests,
        taskQueue: config.temporal.taskQueue,
        async stop() {
          await ingester.stop();
          worker.shutdown();
          await workerRun;
          await workerConnection.close();
          await client.connection.close();
          aws.destroy();
        },
      };
    },
  };
}
