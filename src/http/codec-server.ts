/**
 * The codec server: Temporal's remote codec protocol (`POST …/encode`, `POST …/decode`, payloads as protobuf
 * JSON), so the Temporal Web UI (`--ui-codec-endpoint`, or the UI's "Codec Server" setting) and the `temporal`
 * CLI (`--codec-endpoint`) show SyncHub's encrypted payloads decoded. It holds the keys, so it is guarded:
 * only the configured browser origins may call it (CORS, exact match), a loopback-bound server answers only
 * requests addressed to loopback (no DNS rebinding), an `Authorization` value can be required, and it never
 * logs a payload.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CodecServerSettings } from '../config/app-config';
import type { Logger } from '../logger';
import { PROBLEM_MEDIA_TYPE, problem } from './problems';

/** Temporal's limit for one blob is 2 MiB; a request carries several. */
const BODY_LIMIT = 4 * 1024 * 1024;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

// Protobuf JSON leaves empty lists out: `{}` is a request with no payloads (the CLI sends it for a query
// without arguments).
const payloadsBody = z.object({
  payloads: z
    .array(
      z.object({
        metadata: z.record(z.string(), z.string()).optional(),
        data: z.string().optional(),
      }),
    )
    .default([]),
});
type PayloadsJson = z.infer<typeof payloadsBody>['payloads'];

function fromJson(payloads: PayloadsJson): Payload[] {
  return payloads.map((payload) => ({
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
    ),
    data: Buffer.from(payload.data ?? '', 'base64'),
  }));
}

function toJson(payloads: Payload[]): PayloadsJson {
  return payloads.map((payload) => ({
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [
        key,
        Buffer.from(value).toString('base64'),
      ]),
    ),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  }));
}

function hostnameOf(host: string | undefined): string {
  if (!host) return '';
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0] ?? '';
}

export function createCodecServer(deps: {
  codec: PayloadCodec;
  settings: CodecServerSettings;
  logger: Logger;
}): FastifyInstance {
  const { settings } = deps;
  const allowedOrigins = new Set(settings.origins);
  const loopbackOnly = LOOPBACK_HOSTS.has(settings.host);
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT });

  app.addHook('onRequest', async (request, reply) => {
    const refuse = (status: number, code: string, detail: string) =>
      reply
        .status(status)
        .type(PROBLEM_MEDIA_TYPE)
        .send(problem(status, code, detail));
    if (loopbackOnly && !LOOPBACK_HOSTS.has(hostnameOf(request.headers.host)))
      return refuse(403, 'ForeignHost', 'this codec server answers only requests addressed to loopback');
    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (!allowedOrigins.has(origin))
        return refuse(
          403,
          'OriginNotAllowed',
          `origin ${origin} may not call this codec server (SYNCHUB_CODEC_ORIGINS)`,
        );
      reply
        .header('access-control-allow-origin', origin)
        .header('vary', 'Origin')
        .header('access-control-allow-credentials', 'true')
        .header('access-control-allow-methods', 'POST, OPTIONS')
        .header('access-control-allow-headers', 'Content-Type, X-Namespace, Authorization');
    }
    if (request.method === 'OPTIONS') return reply.status(204).send();
    if (settings.authorization !== undefined && request.headers.authorization !== settings.authorization)
      return refuse(
        401,
        'Unauthorized',
        'send the Authorization value the codec server was given (SYNCHUB_CODEC_AUTH)',
      );
    return undefined;
  });

  app.setErrorHandler(async (error, _request, reply) => {
    const failure = error as { statusCode?: number; message: string };
    const status =
      failure.statusCode === 413 ? 413 : failure.statusCode && failure.statusCode < 500 ? 400 : 500;
    if (status === 500) deps.logger.error({ err: { message: failure.message } }, 'codec request failed');
    return reply
      .status(status)
      .type(PROBLEM_MEDIA_TYPE)
      .send(problem(status, status === 413 ? 'PayloadTooLarge' : 'InvalidRequest', failure.message));
  });

  const route = (operation: 'encode' | 'decode') => async (request: { body: unknown }) => {
    const parsed = payloadsBody.safeParse(request.body);
    if (!parsed.success)
      throw Object.assign(new Error('expected {"payloads": [{"metadata": {…}, "data": "<base64>"}]}'), {
        statusCode: 400,
      });
    const payloads = fromJson(parsed.data.payloads);
    try {
      const converted =
        operation === 'encode' ? await deps.codec.encode(payloads) : await deps.codec.decode(payloads);
      return { payloads: toJson(converted) };
    } catch (error) {
      // Key errors name key ids only; nothing of a payload's content is echoed.
      throw Object.assign(new Error(`cannot ${operation}: ${(error as Error).message}`), { statusCode: 400 });
    }
  };
  // Only the last path segment counts (the Web UI may call `/<namespace>/decode`).
  app.post('/*', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.endsWith('/encode')) return route('encode')(request);
    if (path.endsWith('/decode')) return route('decode')(request);
    return reply
      .status(404)
      .type(PROBLEM_MEDIA_TYPE)
      .send(problem(404, 'NotFound', 'POST …/encode or …/decode'));
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  return app;
}
