import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter } from 'prom-client';
import { latencyHistogram, OperationMetrics, serveMetrics, type MetricsAccess } from '@vigil/core';

/**
 * The gateway's Prometheus metrics, one registry per gateway (several gateways may share a process in tests):
 * the operation collectors every Vigil server has, plus calls to each subgraph and their latency.
 */
export class GatewayMetrics extends OperationMetrics {
  readonly subgraphRequests = new Counter({
    name: 'vigil_gateway_subgraph_requests_total',
    help: 'Requests the gateway sent to each subgraph.',
    labelNames: ['subgraph'] as const,
    registers: [this.registry],
  });
  readonly subgraphSeconds = latencyHistogram(
    this.registry,
    'vigil_gateway_subgraph_duration_seconds',
    'Time to a subgraph answer (first event for a subscription), by subgraph.',
    ['subgraph'] as const,
  );

  constructor() {
    super('vigil_gateway', {
      operations: 'GraphQL operations executed, by operation name and type.',
      operationSeconds: 'Execution time of GraphQL queries and mutations, by operation name.',
      errors: 'GraphQL errors returned to clients, by extensions.code.',
      openSubscriptions: 'Subscriptions currently streaming to clients.',
    });
  }

  /**
   * GET /metrics in the Prometheus text format. With a `token` (METRICS_TOKEN), the scraper must send it as a
   * bearer token (compared in constant time); without one, answered only when `open` (outside production).
   */
  serve(request: IncomingMessage, response: ServerResponse, access: MetricsAccess): Promise<void> {
    return serveMetrics(this.registry, access, request, response);
  }
}
