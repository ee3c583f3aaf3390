import type { InitializeMiddleware, MetadataBearer } from '@smithy/types';
import type { SapODataClient } from '../adapters/sap-odata-client';
import type { AwsClients } from '../clients/aws';
import type { ProcessMetrics } from './process-metrics';

/** Expected answers, not faults: a version guard that found a newer version stored. */
const NOT_FAULTS = new Set(['ConditionalCheckFailedException']);

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

/** Counts every failed AWS call of these clients (the DynamoDB document client shares DynamoDB's stack). */
export function countAwsErrors(aws: AwsClients, metrics: ProcessMetrics): void {
  const middleware =
    (service: string): InitializeMiddleware<object, MetadataBearer> =>
    (next, context) =>
    async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const name = errorName(error);
        if (!NOT_FAULTS.has(name))
          metrics.awsErrors.inc({ service, operation: context.commandName ?? 'unknown', error: name });
        throw error;
      }
    };
  const options = { step: 'initialize', name: 'synchubErrorMetrics', override: true } as const;
  aws.dynamodb.middlewareStack.add(middleware('dynamodb'), options);
  aws.sns.middlewareStack.add(middleware('sns'), options);
  aws.sqs.middlewareStack.add(middleware('sqs'), options);
}

/** The SAP OData client of one SAP system (its alias), counting failed calls by error. */
export function countingODataClient(
  client: SapODataClient,
  metrics: ProcessMetrics,
  system: string,
): SapODataClient {
  return {
    async get(path) {
      try {
        return await client.get(path);
      } catch (error) {
        metrics.sapErrors.inc({ error: errorName(error), system });
        throw error;
      }
    },
  };
}
