import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from '@fastify/type-provider-zod';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../logger';
import type { ProcessMetrics } from '../metrics/process-metrics';
import { rolesOf, type ApiKey, type ApiRole } from '../config/api-keys';
import { PRODUCT_VERSION } from '../shared/version';
import { HttpProblem, PROBLEM_MEDIA_TYPE, problem } from './problems';
import { registerEntityRoutes, type EntityRouteDeps } from './routes/entities';
import { registerIdocRoutes } from './routes/idocs';
import { registerSyncRoutes, type SyncRouteDeps } from './routes/syncs';
import type { DocumentIntake } from '../ingest/document-intake';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The role an API key needs for the route; routes without one (health, metrics, docs) are open. */
    role?: ApiRole;
  }
}

/** A named dependency check for /readyz: resolves when the dependency answers. */
export type ReadinessCheck = () => Promise<void>;

export interface HttpServerDeps {
  metrics: ProcessMetrics;
  /** The Temporal SDK's metrics of this process (a worker's), appended to /metrics. */
  sdkMetrics?: () => Promise<string>;
  readiness: Record<string, ReadinessCheck>;
  /** The API proper (reads, sync status, operator actions, inbound documents); without it only health and metrics. */
  api?: EntityRouteDeps & SyncRouteDeps & { intake: DocumentIntake };
  /** Keys and their roles; when there are any, every API call needs one with its route's role. */
  apiKeys: readonly ApiKey[];
  logger: Logger;
}

const READY_TIMEOUT_MS = 3_000;

function withTimeout(check: ReadinessCheck, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    check(),
    new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * SyncHub's HTTP server: `/healthz`, `/readyz` and `/metrics` on every process that does work, and on the
 * API process (`synchub serve`, part of `synchub start`) the API documented at `/openapi.json` and `/docs`.
 */
export async function createHttpServer(deps: HttpServerDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // The OpenAPI description names the role each API route needs.
  app.addHook('onRoute', (route) => {
    const role = route.config?.role;
    if (!role || !route.schema) return;
    route.schema = {
      ...route.schema,
      security: [{ apiKey: [] }],
      description: `${route.schema.description ? `${String(route.schema.description)} ` : ''}Role: \`${role}\`.`,
    };
  });

  app.addHook('onResponse', async (request, reply) => {
    deps.metrics.httpRequests.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  if (deps.apiKeys.length > 0) {
    app.addHook('onRequest', async (request) => {
      const { role } = request.routeOptions.config;
      if (!role) return; // health, metrics, docs
      const header = request.headers.authorization ?? '';
      const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
      if (!presented)
        throw new HttpProblem(401, 'Unauthorized', 'send an API key as "Authorization: Bearer <key>"');
      const roles = rolesOf(deps.apiKeys, presented);
      if (!roles) throw new HttpProblem(401, 'Unauthorized', 'the API key is not one of SYNCHUB_API_KEYS');
      if (!roles.includes(role))
        throw new HttpProblem(
          403,
          'Forbidden',
          `${request.method} ${request.routeOptions.url} needs the role ${role}; this key has ${roles.join(', ')}`,
        );
    });
  }

  app.addHook('onSend', async (_request, reply, payload) => {
    if (
      reply.statusCode >= 400 &&
      String(reply.getHeader('content-type') ?? '').startsWith('application/json')
    )
      reply.header('content-type', PROBLEM_MEDIA_TYPE);
    return payload;
  });

  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof HttpProblem) return reply.status(error.statusCode).send(error.body());
    const failure = error as { validation?: unknown; statusCode?: number; code?: string; message: string };
    if (failure.validation) return reply.status(400).send(problem(400, 'InvalidRequest', failure.message));
    if (failure.statusCode === 413)
      return reply.status(413).send(problem(413, 'PayloadTooLarge', failure.message));
    if (failure.statusCode && failure.statusCode < 500)
      return reply
        .status(failure.statusCode)
        .send(problem(failure.statusCode, 'InvalidRequest', failure.message));
    deps.logger.error({ err: error, route: request.routeOptions.url }, 'HTTP request failed');
    return reply
      .status(503)
      .send(problem(503, 'Unavailable', `the request could not be completed: ${failure.message}`));
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply
      .status(404)
      .send(problem(404, 'NotFound', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'SyncHub API',
        version: PRODUCT_VERSION,
        description:
          'Inbound SAP documents, stored records, sync status and operator actions of SyncHub. Errors are `{error, message}` with a stable code.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'a key of SYNCHUB_API_KEYS' },
        },
      },
    },
    transform: jsonSchemaTransform,
    // The schemas named with `.meta({ id })` (Problem, StoredRecord, SyncSummary) become components.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.get(
    '/healthz',
    {
      schema: {
        summary: 'The process is up',
        tags: ['health'],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Kafka, Temporal and AWS answer',
        tags: ['health'],
        response: {
          200: z.object({ status: z.literal('ready'), checks: z.record(z.string(), z.string()) }),
          503: z.object({ status: z.literal('unready'), checks: z.record(z.string(), z.string()) }),
        },
      },
    },
    async (_request, reply) => {
      const entries = await Promise.all(
        Object.entries(deps.readiness).map(async ([name, check]) => {
          try {
            await withTimeout(check, READY_TIMEOUT_MS);
            return [name, 'ok'] as const;
          } catch (error) {
            return [name, error instanceof Error ? error.message : String(error)] as const;
          }
        }),
      );
      const checks = Object.fromEntries(entries);
      const ready = entries.every(([, result]) => result === 'ok');
      return ready
        ? reply.status(200).send({ status: 'ready', checks })
        : reply.status(503).send({ status: 'unready', checks });
    },
  );

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const own = await deps.metrics.registry.metrics();
    const sdk = deps.sdkMetrics ? await deps.sdkMetrics().catch(() => '') : '';
    return reply.header('content-type', deps.metrics.registry.contentType).send(sdk ? `${own}\n${sdk}` : own);
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (deps.api) {
    registerEntityRoutes(app, deps.api);
    registerSyncRoutes(app, deps.api);
    await registerIdocRoutes(app, { intake: deps.api.intake, metrics: deps.metrics });
  }
  return app;
}
