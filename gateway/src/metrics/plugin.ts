import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { getOperationAST, type ExecutionResult } from 'graphql';
import type { GatewayMetrics } from './registry.js';

/** Feeds GatewayMetrics: operations and latency by name, errors by code, subgraph calls, open subscriptions. */
export function useMetrics(metrics: GatewayMetrics): GatewayPlugin {
  const countErrors = (result: ExecutionResult) => metrics.countErrors(result.errors);
  return {
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      const name = metrics.operationLabel(operation?.name?.value);
      metrics.operations.inc({ operation: name, type: operation?.operation ?? 'unknown' });
      const stop = metrics.operationSeconds.startTimer({ operation: name });
      return {
        onExecuteDone() {
          stop();
        },
      };
    },
    onSubscribe({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      metrics.operations.inc({ operation: metrics.operationLabel(operation?.name?.value), type: 'subscription' });
      return {
        onSubscribeResult() {
          metrics.openSubscriptions.inc();
          return {
            onNext({ result }) {
              countErrors(result);
            },
            onEnd() {
              metrics.openSubscriptions.dec();
            },
          };
        },
      };
    },
    // Every answer sent over HTTP, validation and auth refusals included (they never reach execute).
    onResultProcess({ result }) {
      const results = Array.isArray(result) ? result : [result];
      for (const one of results) if (one && typeof one === 'object' && 'errors' in one) countErrors(one as ExecutionResult);
    },
    onSubgraphExecute({ subgraphName }) {
      metrics.subgraphRequests.inc({ subgraph: subgraphName });
      const stop = metrics.subgraphSeconds.startTimer({ subgraph: subgraphName });
      return () => {
        stop();
      };
    },
  };
}
