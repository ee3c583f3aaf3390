/**
 * SyncHub end to end, wired the way the service wires itself (src/workers/run-service.ts): a worker with
 * the service's activities and workflow bundle, and an ingester signalling entity workflows, both in this
 * process, with AWS clients whose requests the bench counts.
 */
import type { Logger } from '../src/logger';
import { createPayloadStore } from '../src/adapters/payload-store';
import { createAwsClients } from '../src/clients/aws';
import { createKafka } from '../src/clients/kafka';
import { connectClient, connectWorker } from '../src/clients/temporal';
import { createIngester } from '../src/ingest/ingester';
import { createChangeSignaller } from '../src/ingest/workflow-signaller';
import { createActivityDeps } from '../src/workers/activity-deps';
import { createSyncWorker } from '../src/workers/create-worker';
import { installTemporalRuntime } from '../src/workers/temporal-runtime';
import { countRequests } from './aws-requests';
import type { KafkaPipeline } from './cells';
import { ingesterSettings } from '../src/workers/ingester-settings';

export function syncHubPipeline(logger: Logger): KafkaPipeline {
  return {
    id: 'synchub',
    async start(config) {
      installTemporalRuntime(logger);
      const aws = createAwsClients(config.aws);
      const requests = countRequests(aws);
      const workerConnection = await connectWorker(config.temporal);
      const worker = await createSyncWorker({
        connection: workerConnection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        deps: createActivityDeps(config, aws),
        maxConcurrentActivities: config.temporal.maxConcurrentActivities,
        maxConcurrentWorkflowTasks: config.temporal.maxConcurrentWorkflowTasks,
        ...(config.temporal.workflowBundlePath
          ? { workflowBundle: { codePath: config.temporal.workflowBundlePath } }
          : {}),
      });
      const workerRun = worker.run();
      const client = await connectClient(config.temporal);
      const ingester = createIngester({
        kafka: createKafka(config.kafka, logger, `-${config.kafka.groupId}`),
        payloads: createPayloadStore(aws.documents, config.sync.table),
        signal: createChangeSignaller(client, {
          taskQueue: config.temporal.taskQueue,
          idleTimeoutMs: config.sync.idleTimeoutMs,
          retryBudgetMs: config.sync.retryBudgetMs,
          retryingAfterMs: config.sync.retryingAfterMs,
          coalesce: config.sync.coalesce,
        }),
        settings: { ...ingesterSettings(config), topics: [config.kafka.topics.material] },
        logger,
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
