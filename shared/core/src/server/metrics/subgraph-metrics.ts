import type { ApolloServerPlugin } from '@apollo/server';
import { subscribe as graphqlSubscribe, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { OperationMetrics } from './operation-metrics.js';

/**
 * One subgraph's Prometheus registry: the operation collectors (OperationMetrics) labelled with the subgraph's
 * name; the subgraph's domain collectors are registered on `registry` too.
 */
export class SubgraphMetrics extends OperationMetrics {
  constructor(subgraph: string) {
    super(
      'vigil_subgraph',
      {
        operations: 'GraphQL operations received from the gateway, by operation name and type.',
        operationSeconds: 'Time to answer a query or mutation over HTTP, by operation name.',
        errors: 'GraphQL errors answered (HTTP and subscriptions), by extensions.code.',
        openSubscriptions: 'Subscriptions currently streaming to the gateway.',
      },
      { subgraph },
    );
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
