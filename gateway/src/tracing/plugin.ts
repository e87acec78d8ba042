import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { SpanKind, SpanStatusCode, trace, context as otelContext, type Span } from '@opentelemetry/api';
import { traceHeaders, type Tracing } from '@vigil/core';
import { getOperationAST, type DocumentNode, type ExecutionResult } from 'graphql';

/**
 * One trace per operation: a `graphql <type> <name>` span at the gateway (HTTP and graphql-ws alike) and a
 * client span per subgraph call under it; the subgraph call carries `traceparent`, so the subgraph's span joins
 * the same trace. Attributes: operation name and type, subgraph name, error count — never the document,
 * variables, tokens or identities (PII and secrets stay out of the tracing backend). Place last in the plugin
 * list: the subgraph request it annotates is the final, signed one.
 */
export function useTracing({ tracer }: Tracing): GatewayPlugin {
  const operations = new WeakMap<object, Span>();

  const startOperation = (contextValue: unknown, document: DocumentNode, operationName?: string | null) => {
    const operation = getOperationAST(document, operationName);
    const name = operation?.name?.value ?? 'anonymous';
    const type = operation?.operation ?? 'unknown';
    const span = tracer.startSpan(`graphql ${type} ${name}`, {
      kind: SpanKind.SERVER,
      attributes: { 'graphql.operation.name': name, 'graphql.operation.type': type },
    });
    if (typeof contextValue === 'object' && contextValue !== null) operations.set(contextValue, span);
    return span;
  };
  const end = (span: Span, result: ExecutionResult | undefined) => {
    const errors = result?.errors?.length ?? 0;
    if (errors > 0) span.setAttributes({ 'graphql.errors': errors }).setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };

  return {
    onExecute({ args }) {
      const span = startOperation(args.contextValue, args.document, args.operationName);
      return {
        onExecuteDone({ result }) {
          end(span, Symbol.asyncIterator in result ? undefined : result);
        },
      };
    },
    onSubscribe({ args }) {
      const span = startOperation(args.contextValue, args.document, args.operationName);
      // The span covers setting the subscription up (the subgraph call), not the life of the stream.
      return {
        onSubscribeResult({ result }) {
          end(span, Symbol.asyncIterator in result ? undefined : result);
        },
      };
    },
    onSubgraphExecute({ subgraphName, executionRequest, setExecutionRequest }) {
      const parent = executionRequest.context ? operations.get(executionRequest.context) : undefined;
      const span = tracer.startSpan(
        `subgraph ${subgraphName}`,
        { kind: SpanKind.CLIENT, attributes: { 'vigil.subgraph': subgraphName } },
        parent ? trace.setSpan(otelContext.active(), parent) : undefined,
      );
      // The HTTP executor sends `extensions.headers` as request headers (and drops them from the body).
      const extensions = executionRequest.extensions ?? {};
      const headers = { ...(extensions.headers as Record<string, string> | undefined), ...traceHeaders(span) };
      setExecutionRequest({ ...executionRequest, extensions: { ...extensions, headers } });
      return ({ result }) => {
        end(span, Symbol.asyncIterator in result ? undefined : result);
      };
    },
  };
}
