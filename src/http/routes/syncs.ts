import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { UnknownEntityError, type EraseReport, type EraseRequest } from '../../erasure/erase-entity';
import { SINGLE_SAP_SYSTEM, systemQualifier, type SapSystems } from '../../domain/sap-system';
import { entityWorkflowId } from '../../shared/workflow-id';
import { operateUpdate, stateQuery } from '../../workflows/messages';
import { discardSignal, quarantineStateQuery, resubmitSignal } from '../../workflows/quarantine-messages';
import { HttpProblem, problemSchema } from '../problems';
import { entityParams, entityTypeSchema, keyParam, systemParam, systemQuery } from './entities';

export interface SyncRouteDeps {
  client: Client;
  namespace: string;
  /** Erasure on request; without it the erase route is not offered. */
  erase?: (request: EraseRequest) => Promise<EraseReport>;
  /** The SAP systems `?system=` may name; absent: one system, the default. */
  systems?: SapSystems;
}

type App = FastifyInstance<any, any, any, any, ZodTypeProvider>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** How long a `state` query may take (it needs a worker); without an answer the sync shows without it. */
const QUERY_TIMEOUT_MS = 5_000;
const PAGE_DEFAULT = 50;
const PAGE_MAX = 500;

const syncSummarySchema = z
  .object({
    workflowId: z.string(),
    entityType: z.string().optional(),
    entityKey: z.string().optional(),
    sourceSystem: z
      .string()
      .optional()
      .describe('SyncSourceSystem: alias of the SAP system (absent on syncs started before systems existed)'),
    status: z
      .string()
      .optional()
      .describe('SyncStatus: Synced, Syncing, Retrying, Stuck, Paused, Quarantined'),
    version: z.string().optional().describe('SyncVersion: last applied version (may lag while busy)'),
    lastError: z.string().optional().describe('SyncLastError: failure type of the change it is stuck on'),
    running: z.boolean(),
    startedAt: z.string().optional(),
  })
  .meta({ id: 'SyncSummary' });

type SyncSummary = z.infer<typeof syncSummarySchema>;

const operatorRequestSchema = z
  .object({
    by: z.string().max(200).optional().describe('who asked, for the audit trail'),
    reason: z.string().max(2000).optional(),
  })
  .default({});

const listQuery = z.object({
  pageSize: z.coerce.number().int().min(1).max(PAGE_MAX).default(PAGE_DEFAULT),
  next: z.string().max(4096).optional().describe('the `next` token of the page before'),
});

const QUOTED = /^[\w.:-]+$/;

/** gRPC codes of a Temporal that is down or busy (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED). */
const TRANSIENT_GRPC_CODES = new Set([14, 4, 8]);

/** Keyword search attributes from a raw visibility record (JSON payloads). */
function keywordAttributes(
  fields: Record<string, { data?: Uint8Array | null }> | null | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, payload] of Object.entries(fields ?? {})) {
    if (!payload.data) continue;
    try {
      const value: unknown = JSON.parse(Buffer.from(payload.data).toString('utf8'));
      const first = Array.isArray(value) ? (value[0] as unknown) : value;
      if (typeof first === 'string') result[name] = first;
    } catch {
      // not a keyword: left out
    }
  }
  return result;
}

function summary(
  workflowId: string,
  attributes: Record<string, string>,
  running: boolean,
  startedAt?: Date,
): SyncSummary {
  const optional = (value: string | undefined) => (value ? value : undefined);
  const entries = {
    entityType: optional(attributes.SyncEntityType),
    entityKey: optional(attributes.SyncEntityKey),
    sourceSystem: optional(attributes.SyncSourceSystem),
    status: optional(attributes.SyncStatus),
    version: optional(attributes.SyncVersion),
    lastError: optional(attributes.SyncLastError),
    startedAt: startedAt?.toISOString(),
  };
  return {
    workflowId,
    running,
    ...Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)),
  };
}

/** Sync status and operator actions, through the same Temporal calls the runbook's `temporal` commands make. */
export function registerSyncRoutes(app: App, deps: SyncRouteDeps): void {
  const { client } = deps;
  const systems = deps.systems ?? SINGLE_SAP_SYSTEM;
  /** The workflow of an entity of the system `?system=` names, and how to name the entity in a message. */
  const entityOf = (type: string, key: string, given: string | undefined) => {
    const system = systemParam(systems, given);
    return {
      workflowId: entityWorkflowId(type, key, systemQualifier(systems, system)),
      what: system === systems.defaultSystem ? `${type} ${key}` : `${type} ${key} of system ${system}`,
    };
  };

  async function list(query: string, pageSize: number, next?: string) {
    let nextPageToken: Uint8Array | undefined;
    if (next) {
      nextPageToken = Buffer.from(next, 'base64url');
      if (nextPageToken.length === 0) throw new HttpProblem(400, 'InvalidCursor', 'invalid `next` token');
    }
    let page;
    try {
      page = await client.workflowService.listWorkflowExecutions({
        namespace: deps.namespace,
        query,
        pageSize,
        ...(nextPageToken ? { nextPageToken } : {}),
      });
    } catch (error) {
      // A token Temporal does not recognise is the client's mistake; an unreachable Temporal is not.
      const code = (error as { code?: number }).code;
      if (nextPageToken && code !== undefined && !TRANSIENT_GRPC_CODES.has(code))
        throw new HttpProblem(400, 'InvalidCursor', 'the `next` token is not one this API handed out');
      throw error;
    }
    const syncs = (page.executions ?? []).map((execution) =>
      summary(
        execution.execution?.workflowId ?? '',
        keywordAttributes(execution.searchAttributes?.indexedFields),
        execution.status === temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
        execution.startTime?.seconds ? new Date(Number(execution.startTime.seconds) * 1000) : undefined,
      ),
    );
    const token = page.nextPageToken?.length
      ? Buffer.from(page.nextPageToken).toString('base64url')
      : undefined;
    return { syncs, ...(token ? { next: token } : {}) };
  }

  /** The handle of an open workflow; 404 when it never existed, 409 when it has ended. */
  async function openHandle(workflowId: string, what: string): Promise<WorkflowHandle> {
    const handle = client.workflow.getHandle(workflowId);
    try {
      const description = await handle.describe();
      if (description.status.name !== 'RUNNING')
        throw new HttpProblem(
          409,
          'NotRunning',
          `${what} has no open sync (its last run is ${description.status.name.toLowerCase()}); a sync opens when its next change arrives`,
        );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError)
        throw new HttpProblem(404, 'NotFound', `${what} has never synced`);
      throw error;
    }
    return handle;
  }

  app.get(
    '/syncs',
    {
      config: { role: 'read' },
      schema: {
        summary: 'Entity syncs, filtered by status and type (Temporal visibility)',
        tags: ['syncs'],
        querystring: listQuery.extend({
          status: z.enum(['Synced', 'Syncing', 'Retrying', 'Stuck', 'Paused']).optional(),
          type: entityTypeSchema.optional(),
          system: z
            .string()
            .regex(/^[A-Z][A-Z0-9_]{0,29}$/, 'a SAP system alias')
            .optional()
            .describe('SyncSourceSystem: only syncs of this SAP system'),
          running: z
            .enum(['true', 'false'])
            .default('true')
            .describe('only open syncs (default), or only ended runs'),
        }),
        response: {
          200: z.object({ syncs: z.array(syncSummarySchema), next: z.string().optional() }),
          400: problemSchema,
        },
      },
    },
    async (request) => {
      const { status, type, system, running, pageSize, next } = request.query;
      const filters = [
        'WorkflowType="entitySync"',
        running === 'true' ? 'ExecutionStatus="Running"' : 'ExecutionStatus!="Running"',
        ...(status ? [`SyncStatus="${status}"`] : []),
        ...(type ? [`SyncEntityType="${type}"`] : []),
        ...(system ? [`SyncSourceSystem="${system}"`] : []),
      ];
      return list(filters.join(' AND '), pageSize, next);
    },
  );

  app.get(
    '/syncs/:type/:key',
    {
      config: { role: 'read' },
      schema: {
        summary: "One entity's sync: its search attributes and, when a worker answers, its state",
        tags: ['syncs'],
        params: entityParams,
        querystring: systemQuery,
        response: {
          200: syncSummarySchema.extend({
            state: z.record(z.string(), z.unknown()).optional().describe('the `state` query'),
          }),
          400: problemSchema,
          404: problemSchema,
        },
      },
    },
    async (request) => {
      const { type } = request.params;
      const key = keyParam(type, request.params.key);
      const { workflowId, what } = entityOf(type, key, request.query.system);
      const handle = client.workflow.getHandle(workflowId);
      let description;
      try {
        description = await handle.describe();
      } catch (error) {
        if (error instanceof WorkflowNotFoundError)
          throw new HttpProblem(404, 'NotFound', `${what} has never synced`);
        throw error;
      }
      const attributes: Record<string, string> = {};
      for (const pair of description.typedSearchAttributes.getAll())
        if (typeof pair.value === 'string') attributes[pair.key.name] = pair.value;
      const running = description.status.name === 'RUNNING';
      const base = summary(workflowId, attributes, running, description.startTime);
      if (!running) return base;
      const state = await client
        .withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query(stateQuery))
        .catch(() => undefined);
      return state ? { ...base, state: state as unknown as Record<string, unknown> } : base;
    },
  );

  const { erase } = deps;
  if (erase)
    app.post(
      '/syncs/:type/:key/erase',
      {
        config: { role: 'erase' },
        schema: {
          summary: 'Erase an entity on request (GDPR): stored versions, workflow runs, domain copies',
          description:
            'Deletes the stored versions, keeps a tombstone at the highest version seen (so a replay cannot bring the data back), ends and deletes the sync\'s workflow runs and publishes `changeType: "erased"` to the domains. Idempotent: `status` says `alreadyErased` the second time. 404 when nothing is stored for the entity.',
          tags: ['syncs'],
          params: entityParams,
          querystring: systemQuery,
          body: z.object({
            by: z.string().trim().min(1).max(200).describe('who asked, for the erasure register'),
            reason: z.string().trim().min(1).max(2000).describe('why, e.g. the request reference'),
          }),
          response: {
            200: z.object({
              status: z.enum(['erased', 'alreadyErased']),
              entityType: z.string(),
              entityKey: z.string(),
              version: z.string(),
              erasedAt: z.string(),
              deletedItems: z.number(),
              workflowRunsDeleted: z.number(),
              workflowGone: z.boolean(),
              dedupKey: z.string(),
            }),
            400: problemSchema,
            404: problemSchema,
          },
        },
      },
      async (request) => {
        const { type } = request.params;
        const key = keyParam(type, request.params.key);
        try {
          const system = systemParam(systems, request.query.system);
          return await erase({ entityType: type, entityKey: key, system, ...request.body });
        } catch (error) {
          if (error instanceof UnknownEntityError) throw new HttpProblem(404, 'NotFound', error.message);
          throw error;
        }
      },
    );

  app.post(
    '/syncs/:type/:key/:action',
    {
      config: { role: 'operate' },
      schema: {
        summary: 'Operator action on one sync: retry, skip, pause, resume or resync',
        description:
          'Answered synchronously (the `operate` update). 409 when the action does not apply, e.g. skip on a sync that is not Stuck, or when the entity has no open sync.',
        tags: ['syncs'],
        params: entityParams.extend({ action: z.enum(['retry', 'skip', 'pause', 'resume', 'resync']) }),
        querystring: systemQuery,
        body: operatorRequestSchema,
        response: {
          200: z.object({ action: z.string(), statusBefore: z.string(), status: z.string() }),
          400: problemSchema,
          404: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (request) => {
      const { type, action } = request.params;
      const key = keyParam(type, request.params.key);
      const { workflowId, what } = entityOf(type, key, request.query.system);
      const handle = await openHandle(workflowId, what);
      try {
        return await handle.executeUpdate(operateUpdate, {
          args: [action, request.body],
        });
      } catch (error) {
        if (error instanceof WorkflowUpdateFailedError)
          throw new HttpProblem(409, 'ActionRefused', error.cause?.message ?? error.message);
        throw error;
      }
    },
  );

  app.get(
    '/quarantine',
    {
      config: { role: 'read' },
      schema: {
        summary: 'Quarantined records (open quarantine workflows)',
        tags: ['quarantine'],
        querystring: listQuery,
        response: {
          200: z.object({ syncs: z.array(syncSummarySchema), next: z.string().optional() }),
          400: problemSchema,
        },
      },
    },
    async (request) =>
      list(
        'WorkflowType="quarantine" AND ExecutionStatus="Running"',
        request.query.pageSize,
        request.query.next,
      ),
  );

  const quarantineParams = z.object({
    id: z
      .string()
      .regex(/^quarantine:/, 'a quarantine workflow ID, quarantine:<topic>:<partition>:<offset>')
      .refine((id) => QUOTED.test(id), 'unexpected characters in the ID'),
  });

  app.get(
    '/quarantine/:id',
    {
      config: { role: 'read' },
      schema: {
        summary: 'One quarantined record: the raw record, its origin and the exact reason',
        tags: ['quarantine'],
        params: quarantineParams,
        response: { 200: z.record(z.string(), z.unknown()), 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const handle = client.workflow.getHandle(request.params.id);
      try {
        const description = await handle.describe();
        if (description.status.name !== 'RUNNING') return (await handle.result()) as Record<string, unknown>;
        return (await client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () =>
          handle.query(quarantineStateQuery),
        )) as unknown as Record<string, unknown>;
      } catch (error) {
        if (error instanceof WorkflowNotFoundError)
          throw new HttpProblem(404, 'NotFound', `no quarantined record ${request.params.id}`);
        throw error;
      }
    },
  );

  app.post(
    '/quarantine/:id/resubmit',
    {
      config: { role: 'operate' },
      schema: {
        summary: 'Resubmit a corrected document: routed exactly like a Kafka record',
        tags: ['quarantine'],
        params: quarantineParams,
        body: z.object({
          payload: z.string().min(1).describe('the corrected document'),
          payloadEncoding: z.literal('base64').optional(),
          by: z.string().max(200).optional(),
          reason: z.string().max(2000).optional(),
        }),
        response: {
          202: z.object({ workflowId: z.string(), signalled: z.literal('resubmit') }),
          400: problemSchema,
          404: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const handle = await openHandle(request.params.id, request.params.id);
      await handle.signal(resubmitSignal, request.body);
      return reply.status(202).send({ workflowId: request.params.id, signalled: 'resubmit' as const });
    },
  );

  app.post(
    '/quarantine/:id/discard',
    {
      config: { role: 'operate' },
      schema: {
        summary: 'Close a quarantined record without routing it',
        tags: ['quarantine'],
        params: quarantineParams,
        body: operatorRequestSchema,
        response: {
          202: z.object({ workflowId: z.string(), signalled: z.literal('discard') }),
          400: problemSchema,
          404: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const handle = await openHandle(request.params.id, request.params.id);
      await handle.signal(discardSignal, request.body);
      return reply.status(202).send({ workflowId: request.params.id, signalled: 'discard' as const });
    },
  );
}
