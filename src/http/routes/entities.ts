import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import { z } from 'zod';
import { InvalidCursorError, type RecordStore } from '../../adapters/record-store';
import { canonicalKey } from '../../domain/canonical-key';
import { ENTITY_TYPES, type EntityType } from '../../domain/entity';
import { SINGLE_SAP_SYSTEM, sapSystemAliases, type SapSystems } from '../../domain/sap-system';
import { HttpProblem, problemSchema } from '../problems';

export interface EntityRouteDeps {
  store: Pick<RecordStore, 'get' | 'history' | 'changedPage'>;
  /** The SAP systems `?system=` may name; absent: one system, the default. */
  systems?: SapSystems;
}

export const systemQuery = z.object({
  system: z
    .string()
    .max(30)
    .optional()
    .describe('alias of the SAP system (SYNCHUB_SAP_SYSTEMS); default: the default system'),
});

/** The alias `?system=` names (the default system when absent); an alias not configured is a 400. */
export function systemParam(systems: SapSystems | undefined, given: string | undefined): string {
  const known = systems ?? SINGLE_SAP_SYSTEM;
  if (given === undefined || given === '') return known.defaultSystem;
  const aliases = sapSystemAliases(known);
  if (!aliases.includes(given))
    throw new HttpProblem(
      400,
      'UnknownSystem',
      `no SAP system '${given}' is configured (configured: ${aliases.join(', ')})`,
    );
  return given;
}

export const entityTypeSchema = z.enum(ENTITY_TYPES as [EntityType, ...EntityType[]]);

/** A stored record: the canonical record plus where and when it was stored and published. */
export const storedRecordSchema = z
  .object({
    entityType: entityTypeSchema,
    entityKey: z.string(),
    sourceSystem: z
      .string()
      .optional()
      .describe('alias of the SAP system it came from (absent on records stored before systems existed)'),
    version: z.string(),
    changeType: z
      .string()
      .describe('upsert or delete (from SAP); blocked (stored minimised) or erased (tombstone, data null)'),
    deleted: z.boolean(),
    source: z
      .unknown()
      .describe('where the record came from: format idoc, event, odata or erasure, with its identifiers'),
    data: z.unknown(),
    storedAt: z.string(),
    publishedVersion: z.string().optional().describe('the newest version published to the domains'),
    fanOutError: z.string().optional().describe('set while the fan-out of `version` has failed for good'),
    erased: z.literal(true).optional().describe('the tombstone of an entity erased on request'),
    erasedAt: z.string().optional(),
  })
  .meta({ id: 'StoredRecord' });

export const entityParams = z.object({
  type: entityTypeSchema,
  key: z.string().min(1).max(64).describe('business key; numeric keys may omit leading zeros'),
});

const PAGE_DEFAULT = 100;
const PAGE_MAX = 1000;

/**
 * The canonical key of a key as given (numeric keys may omit leading zeros); a key that cannot be one (blank,
 * too long for its type) is the client's mistake: 400 naming why.
 */
export function keyParam(type: EntityType, given: string): string {
  try {
    return canonicalKey(type, given);
  } catch (error) {
    throw new HttpProblem(
      400,
      'InvalidKey',
      `not a ${type} key: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

type App = FastifyInstance<any, any, any, any, ZodTypeProvider>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Reads of stored records, straight from DynamoDB (no Temporal call). */
export function registerEntityRoutes(app: App, deps: EntityRouteDeps): void {
  app.get(
    '/entities/:type/:key',
    {
      config: { role: 'read' },
      schema: {
        summary: 'The current stored record of an entity',
        tags: ['entities'],
        params: entityParams,
        querystring: systemQuery,
        response: { 200: storedRecordSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const { type } = request.params;
      const key = keyParam(type, request.params.key);
      const system = systemParam(deps.systems, request.query.system);
      const record = await deps.store.get(type, key, system);
      if (!record) throw new HttpProblem(404, 'NotFound', `no stored ${type} ${key} of system ${system}`);
      return record;
    },
  );

  app.get(
    '/entities/:type/:key/versions',
    {
      config: { role: 'read' },
      schema: {
        summary: 'Every stored version of an entity, oldest first',
        tags: ['entities'],
        params: entityParams,
        querystring: systemQuery,
        response: {
          200: z.object({ versions: z.array(storedRecordSchema) }),
          400: problemSchema,
          404: problemSchema,
        },
      },
    },
    async (request) => {
      const { type } = request.params;
      const key = keyParam(type, request.params.key);
      const system = systemParam(deps.systems, request.query.system);
      const versions = await deps.store.history(type, key, system);
      if (versions.length === 0)
        throw new HttpProblem(404, 'NotFound', `no stored ${type} ${key} of system ${system}`);
      return { versions };
    },
  );

  app.get(
    '/entities/:type',
    {
      config: { role: 'read' },
      schema: {
        summary: 'Current records of a type stored since a time, oldest change first, paged',
        tags: ['entities'],
        params: z.object({ type: entityTypeSchema }),
        querystring: systemQuery.extend({
          since: z.iso.datetime({ offset: true }).describe('ISO-8601 time, e.g. 2026-11-21T00:00:00Z'),
          limit: z.coerce.number().int().min(1).max(PAGE_MAX).default(PAGE_DEFAULT),
          cursor: z.string().max(2048).optional().describe('the `next` cursor of the page before'),
        }),
        response: {
          200: z.object({ records: z.array(storedRecordSchema), next: z.string().optional() }),
          400: problemSchema,
        },
      },
    },
    async (request) => {
      const { since, limit, cursor } = request.query;
      const system = systemParam(deps.systems, request.query.system);
      try {
        const page = await deps.store.changedPage(request.params.type, new Date(since).toISOString(), {
          limit,
          system,
          ...(cursor ? { cursor } : {}),
        });
        return {
          records: page.records,
          ...(page.cursor ? { next: page.cursor } : {}),
        };
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new HttpProblem(400, 'InvalidCursor', error.message);
        throw error;
      }
    },
  );
}
