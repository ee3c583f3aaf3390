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
  const span = openSpan(name, options);
  try {
    const result = await context.with(span.context, work);
    span.end();
    return result;
  } catch (error) {
    span.end(error);
    throw error;
  }
}

/** A span ended by its owner: for work that covers several items at once, each with its own trace. */
export interface OpenSpan {
  /** The context to run children in (the span is its current span). */
  readonly context: Context;
  /** The span's W3C `traceparent`, when tracing is on. */
  readonly traceparent: string | undefined;
  end(error?: unknown): void;
}

/** Starts a span (a child of `parent`, else of the current context) that the caller ends. */
export function openSpan(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
): OpenSpan {
  const parent = options.parent ?? context.active();
  const span = tracer.startSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      ...(options.attributes ? { attributes: options.attributes } : {}),
    },
    parent,
  );
  const spanContext = trace.setSpan(parent, span);
  const carrier: Record<string, string> = {};
  propagation.inject(spanContext, carrier);
  let ended = false;
  return {
    context: spanContext,
    traceparent: carrier.traceparent,
    end(error?: unknown) {
      if (ended) return;
      ended = true;
      if (error !== undefined) {
        const failure = error instanceof Error ? error : new Error(JSON.stringify(error) ?? 'undefined');
        span.recordException(failure);
        span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
      }
      span.end();
    },
  };
}
