import type { ApolloServerPlugin } from '@apollo/server';
import { subscribe as graphqlSubscribe, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Distinct operation names kept as label values; more are counted as `other` (bounded cardinality). */
const MAX_OPERATION_NAMES = 200;
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const CODE = /^[A-Z_]{1,64}$/;

/**
 * One subgraph's Prometheus registry: operations and latency by operation name, errors by code, open
 * subscriptions, process metrics; the subgraph's domain collectors are registered on `registry` too.
 * One registry per server (the stack runs four subgraphs and the gateway in one process).
 */
export class SubgraphMetrics {
  readonly registry = new Registry();
  private readonly operations = new Counter({
    name: 'vigil_subgraph_operations_total',
    help: 'GraphQL operations received from the gateway, by operation name and type.',
    labelNames: ['operation', 'type'] as const,
    registers: [this.registry],
  });
  private readonly operationSeconds = new Histogram({
    name: 'vigil_subgraph_operation_duration_seconds',
    help: 'Time to answer a query or mutation over HTTP, by operation name.',
    labelNames: ['operation'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'vigil_subgraph_errors_total',
    help: 'GraphQL errors answered (HTTP and subscriptions), by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly openSubscriptions = new Gauge({
    name: 'vigil_subgraph_open_subscriptions',
    help: 'Subscriptions currently streaming to the gateway.',
    registers: [this.registry],
  });
  private readonly names = new Set<string>();

  constructor(subgraph: string) {
    this.registry.setDefaultLabels({ subgraph });
    collectDefaultMetrics({ register: this.registry, prefix: 'vigil_subgraph_' });
  }

  /** Apollo plugin for HTTP operations: count and time by operation name, errors by code (after formatError). */
  apolloPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
    return {
      requestDidStart: async () => {
        const started = process.hrtime.bigint();
        let operation = 'anonymous';
        return {
          didResolveOperation: async ({ operationName, operation: ast }) => {
            operation = this.operationLabel(operationName ?? undefined);
            this.operations.inc({ operation, type: ast?.operation ?? 'unknown' });
          },
          willSendResponse: async ({ response }) => {
            this.operationSeconds.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
            if (response.body.kind === 'single') this.countErrors(response.body.singleResult.errors);
          },
        };
      },
    };
  }

  /** graphql-ws `subscribe`: counts the operation and keeps the open-subscriptions gauge while it streams. */
  readonly subscribe = async (args: ExecutionArgs) => {
    const operation = this.operationLabel(args.operationName ?? undefined);
    this.operations.inc({ operation, type: 'subscription' });
    const result = await graphqlSubscribe(args);
    if (!(Symbol.asyncIterator in result)) {
      this.countErrors(result.errors);
      return result;
    }
    return this.tracked(result);
  };

  /** Errors sent on a subscription (graphql-ws onNext / onError). */
  countErrors(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): void {
    for (const error of errors ?? []) {
      const code = error.extensions?.code;
      this.errors.inc({ code: typeof code === 'string' && CODE.test(code) ? code : 'UNKNOWN' });
    }
  }

  private operationLabel(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return 'other';
    this.names.add(name);
    return name;
  }

  /** The same stream, with the gauge up until it ends however it ends (done, error, or the client's return). */
  private tracked(source: AsyncGenerator<ExecutionResult> | AsyncIterableIterator<ExecutionResult>) {
    const gauge = this.openSubscriptions;
    gauge.inc();
    let open = true;
    const close = () => {
      if (open) gauge.dec();
      open = false;
    };
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        try {
          const step = await source.next();
          if (step.done) close();
          return step;
        } catch (error) {
          close();
          throw error;
        }
      },
      async return() {
        close();
        return source.return ? source.return(undefined) : { done: true, value: undefined };
      },
      async throw(error?: unknown) {
        close();
        if (source.throw) return source.throw(error);
        throw error;
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
