import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DocumentIntake } from '../../ingest/document-intake';
import type { ProcessMetrics } from '../../metrics/process-metrics';
import { problem, problemSchema } from '../problems';

type App = FastifyInstance<any, any, any, any, ZodTypeProvider>; // eslint-disable-line @typescript-eslint/no-explicit-any

const acceptedSchema = z.object({
  entityType: z.string(),
  entityKey: z.string(),
  sourceSystem: z.string().describe('alias of the SAP system that sent it'),
  version: z.string(),
  sourceId: z.string().describe('sender/client/IDoc number, or the event id'),
  topic: z.string(),
  partition: z.number(),
  offset: z.string(),
});

const refusedSchema = z.object({
  code: z.string().describe('reason code, as for a Kafka record (see the README, "Hostile input")'),
  message: z.string(),
  part: z.number().optional().describe('0-based position of the failing IDoc in the document'),
  quarantine: z.string().describe('the quarantine workflow that holds the document'),
  rejected: z.object({ topic: z.string(), partition: z.number(), offset: z.string() }),
});

/** Request headers a business event in binary mode carries (`ce-*`), and the content type. */
function documentHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (name === 'content-type' || name.startsWith('ce-'))
      result[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return result;
}

/**
 * `POST /idocs`: SAP's XML-HTTP port (or middleware) delivers IDoc XML, one IDoc or a packet; S/4HANA
 * business events (CloudEvents, structured or binary) are taken too. The body is read as raw bytes, whatever
 * its content type, so what is preserved is exactly what was sent.
 */
export async function registerIdocRoutes(
  app: App,
  deps: { intake: DocumentIntake; metrics: ProcessMetrics },
): Promise<void> {
  // Above the record limit (`SYNCHUB_MAX_RECORD_BYTES`, as for Kafka records) a document is refused with 413
  // before it is read; the sender keeps it.
  const bodyLimit = deps.intake.maxDocumentBytes;
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      '/idocs',
      {
        config: { role: 'ingest' },
        bodyLimit,
        schema: {
          summary: 'Inbound SAP documents: IDoc XML (one or a packet) or a business event',
          description:
            "Every IDoc is written to its entity type's Kafka topic and synced like any Kafka record. 202 lists what was accepted (and, for a packet with bad IDocs, what was refused and quarantined). 422 when nothing in the document can be accepted: the document is preserved on the rejected topic and in a quarantine workflow, with the same reason codes the ingester gives.",
          tags: ['inbound'],
          consumes: ['application/xml', 'text/xml', 'application/json', 'application/cloudevents+json'],
          response: {
            202: z.object({ accepted: z.array(acceptedSchema), refused: z.array(refusedSchema) }),
            400: problemSchema,
            413: problemSchema,
            422: problemSchema.extend({ refused: z.array(refusedSchema) }),
          },
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0)
          return reply.status(400).send(problem(400, 'EmptyDocument', 'the request has no body'));
        const result = await deps.intake.accept(body, documentHeaders(request.headers));
        for (const refused of result.refused)
          deps.metrics.rejected.inc({ reason: refused.code, source: 'http' });
        if (result.accepted.length === 0) {
          const [first] = result.refused;
          return reply
            .status(422)
            .send(
              problem(
                422,
                'InvalidDocument',
                `${first?.code ?? 'UNREADABLE'}: ${first?.message ?? 'nothing in the document could be read'}`,
                { refused: result.refused },
              ),
            );
        }
        return reply.status(202).send(result);
      },
    );
  });
}
