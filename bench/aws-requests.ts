import type { AwsClients } from '../src/clients/aws';

/** Requests counted per operation, e.g. `dynamodb.PutItem`. */
export type RequestCounts = Record<string, number>;

export interface RequestCounter {
  /** A copy of the counts so far. */
  snapshot(): RequestCounts;
}

/**
 * Counts every HTTP request the clients send, retries included: the middleware sits in the `deserialize`
 * step, below the SDK's retry middleware, so it runs once per attempt. The DynamoDB document client shares
 * the DynamoDB client's middleware stack, so its requests are counted too.
 */
/** The part of an SDK client's middleware stack the counter needs. */
interface CountableClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: never) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: never) => Promise<unknown>,
      options: { step: 'deserialize'; name: string },
    ): void;
  };
}

export function countRequests(clients: Pick<AwsClients, 'dynamodb' | 'sns' | 'sqs'>): RequestCounter {
  const counts: RequestCounts = {};
  const count = (service: string, client: CountableClient) =>
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = `${service}.${(context.commandName ?? 'unknown').replace(/Command$/, '')}`;
        counts[operation] = (counts[operation] ?? 0) + 1;
        return next(args);
      },
      { step: 'deserialize', name: 'benchRequestCounter' },
    );
  count('dynamodb', clients.dynamodb);
  count('sns', clients.sns);
  count('sqs', clients.sqs);
  return { snapshot: () => ({ ...counts }) };
}

export function totalRequests(counts: RequestCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** Requests made between two snapshots. */
export function requestsBetween(before: RequestCounts, after: RequestCounts): RequestCounts {
  const result: RequestCounts = {};
  for (const [operation, n] of Object.entries(after)) {
    const delta = n - (before[operation] ?? 0);
    if (delta > 0) result[operation] = delta;
  }
  return result;
}
