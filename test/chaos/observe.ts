import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { syncHubSinks } from '../../src/workers/create-worker';
import type { AwsClients } from '../../src/clients/aws';
import { waitFor } from '../../src/util/wait-for';
import { stateQuery } from '../../src/workflows/messages';
import { payloadDecoder, temporalDataConverter } from '../../src/clients/temporal';
import type { TemporalSettings } from '../../src/config/app-config';
import { signalledOrigins } from '../support/change-signals';
import type { Observations } from './invariants';
import type { Delivery } from './queue-collector';
import { readCurrentWrites, type DynamoDBStreamsClient } from './stream-audit';

type History = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;

/** The newest published version, from CURRENT's own mark or the PUBLISHED item (as the record store reads it). */
function published(
  seen: Record<string, unknown> | undefined,
  version: unknown,
): { publishedVersion?: unknown } {
  const before = seen?.publishedVersion;
  if (typeof version !== 'string') return before === undefined ? {} : { publishedVersion: before };
  return { publishedVersion: typeof before === 'string' && before > version ? before : version };
}

async function scanTable(aws: AwsClients, table: string) {
  const current = new Map<string, Record<string, unknown>>();
  const versionItems = new Map<string, Set<string>>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await aws.documents.send(new ScanCommand({ TableName: table, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      const pk = String(item.pk);
      if (!pk.startsWith('ENTITY#')) continue;
      const id = pk.slice('ENTITY#'.length);
      const sk = String(item.sk);
      if (sk === 'CURRENT') {
        // The entity's `data` is stored as one JSON string (a map in items written before 0.2).
        const data: unknown = typeof item.data === 'string' ? JSON.parse(item.data) : item.data;
        current.set(id, { ...item, data, ...published(current.get(id), item.publishedVersion) });
      } else if (sk === 'PUBLISHED')
        current.set(id, { ...current.get(id), ...published(current.get(id), item.version) });
      else if (sk.startsWith('VERSION#')) {
        versionItems.set(id, (versionItems.get(id) ?? new Set<string>()).add(sk.slice('VERSION#'.length)));
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { current, versionItems };
}

/** Reads back everything the invariants need once the system settled. */
export async function observe(deps: {
  aws: AwsClients;
  streams: DynamoDBStreamsClient;
  client: Client;
  table: string;
  taskQueue: string;
  workflowBundlePath: string;
  deliveries: Delivery[];
  /** The installation's Temporal settings: histories are decoded with its codec. */
  temporal: Pick<TemporalSettings, 'codecKeys'>;
}): Promise<Observations> {
  const decode = payloadDecoder(deps.temporal);
  const { current, versionItems } = await scanTable(deps.aws, deps.table);
  const currentWrites = await readCurrentWrites(deps.aws.dynamodb, deps.streams, deps.table);

  const workflows: Observations['workflows'] = [];
  const histories: { workflowId: string; history: History }[] = [];
  const positions = new Map<string, number>();
  for await (const execution of deps.client.workflow.list({ query: `TaskQueue = "${deps.taskQueue}"` })) {
    const handle = deps.client.workflow.getHandle(execution.workflowId, execution.runId);
    const history = await handle.fetchHistory();
    histories.push({ workflowId: execution.workflowId, history });
    for (const origin of await signalledOrigins(history, decode)) {
      const position = `${origin.topic}:${origin.partition}:${origin.offset}`;
      positions.set(position, (positions.get(position) ?? 0) + 1);
    }
    const entry: Observations['workflows'][number] = {
      workflowId: execution.workflowId,
      status: execution.status.name,
    };
    if (execution.status.name === 'RUNNING' && execution.type === 'entitySync') {
      // A query needs a worker: right after a fault the restarted one may not be polling yet.
      const state = await waitFor(`state of ${execution.workflowId}`, () => handle.query(stateQuery), {
        timeoutMs: 60_000,
        intervalMs: 1_000,
      });
      entry.syncStatus = state.status;
      entry.pendingVersions = state.pendingVersions.length;
    }
    workflows.push(entry);
  }

  const failures: Observations['replay']['failures'] = [];
  for await (const replayed of Worker.runReplayHistories(
    {
      workflowBundle: { codePath: deps.workflowBundlePath },
      sinks: syncHubSinks(),
      dataConverter: temporalDataConverter(deps.temporal),
    },
    histories,
  )) {
    if (replayed.error) failures.push({ workflowId: replayed.workflowId, error: replayed.error.message });
  }

  return {
    current,
    versionItems,
    currentWrites,
    deliveries: deps.deliveries,
    signalledPositions: positions,
    workflows,
    replay: { histories: histories.length, failures },
  };
}
