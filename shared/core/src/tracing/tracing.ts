import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** One service's tracer (gateway or a subgraph) and how to push what it buffered. */
export interface Tracing {
  readonly tracer: Tracer;
  /** Exports the spans buffered so far (at stop, so a stopping process loses none). */
  flush(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Keyed by service and endpoint: a process that points a service at another collector gets a new provider. */
const byServiceAndEndpoint = new Map<string, Tracing | undefined>();

/**
 * The OTLP/HTTP (JSON) trace exporter for `service` (`vigil-gateway`, `vigil-alerts`…) when
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT is set and OTEL_SDK_DISABLED is not `true`;
 * else undefined (no tracing, no cost). One provider per service name, endpoint and process, built on first use; the SDK
 * reads the other standard variables itself (OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER, OTEL_BSP_*).
 */
export function tracingFor(service: string, env: Env = process.env): Tracing | undefined {
  const url = env.OTEL_SDK_DISABLED === 'true' ? undefined : tracesEndpoint(env);
  const key = `${service} ${url ?? ''}`;
  if (byServiceAndEndpoint.has(key)) return byServiceAndEndpoint.get(key);
  const tracing = url === undefined ? undefined : createTracing(service, url);
  byServiceAndEndpoint.set(key, tracing);
  return tracing;
}

function tracesEndpoint(env: Env): string | undefined {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

function createTracing(service: string, url: string): Tracing {
  // Global once per process (returns false when already set): async context for parent spans, W3C traceparent.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  return { tracer: provider.getTracer('vigil'), flush: () => provider.forceFlush() };
}

/** The `traceparent` (and `tracestate`) headers that continue `span`'s trace in the callee. */
export function traceHeaders(span: Span): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), headers);
  return headers;
}

/** The caller's trace context from request headers (`traceparent`), or the active context when absent or invalid. */
export function contextFromHeaders(headers: Readonly<Record<string, string | undefined>>): Context {
  return propagation.extract(context.active(), headers, {
    keys: (carrier) => Object.keys(carrier),
    get: (carrier, key) => carrier[key.toLowerCase()],
  });
}

/**
 * Runs `run` inside a server span continuing the caller's trace (its `traceparent` header); without tracing,
 * just runs it. Attributes are the caller's to choose: never tokens, variables or documents (PII).
 */
export async function inServerSpan<T>(
  tracing: Tracing | undefined,
  name: string,
  headers: Readonly<Record<string, string | undefined>>,
  attributes: Readonly<Record<string, string>>,
  run: () => Promise<T>,
): Promise<T> {
  if (!tracing) return run();
  const parent = contextFromHeaders(headers);
  const span = tracing.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), run);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
