import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Attributes,
  type Context,
} from '@opentelemetry/api';

/**
 * Spans of SyncHub's own work, through the OpenTelemetry API only: without a tracer provider (tracing not
 * configured, tests) they are no-ops. A change carries its trace context as a W3C `traceparent` string in
 * the signal, because an entity workflow lives across many changes: each change's work is traced under the
 * change's own context, not under the workflow's first one.
 */
const tracer = trace.getTracer('synchub');

export { SpanKind };

/** The context a W3C `traceparent` (and `tracestate`) names, e.g. from a Kafka record's headers. */
export function contextFrom(
  carrier: Record<string, string> | undefined,
  parent: Context = ROOT_CONTEXT,
): Context {
  return carrier ? propagation.extract(parent, carrier) : parent;
}

/** The current context as a `traceparent` string, when there is a span. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** Runs `work` in a span (a child of `parent`, else of the current context); failures are recorded on it. */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  work: () => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      ...(options.attributes ? { attributes: options.attributes } : {}),
    },
    parent,
    async (span) => {
      try {
        return await work();
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
