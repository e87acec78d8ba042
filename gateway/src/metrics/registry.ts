import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Distinct operation names kept as label values; more are counted as `other` (bounded cardinality). */
const MAX_OPERATION_NAMES = 200;
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The gateway's Prometheus metrics, one registry per gateway (several gateways may share a process in tests). */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly operations = new Counter({
    name: 'vigil_gateway_operations_total',
    help: 'GraphQL operations executed, by operation name and type.',
    labelNames: ['operation', 'type'] as const,
    registers: [this.registry],
  });
  readonly operationSeconds = new Histogram({
    name: 'vigil_gateway_operation_duration_seconds',
    help: 'Execution time of GraphQL queries and mutations, by operation name.',
    labelNames: ['operation'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'vigil_gateway_errors_total',
    help: 'GraphQL errors returned to clients, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly subgraphRequests = new Counter({
    name: 'vigil_gateway_subgraph_requests_total',
    help: 'Requests the gateway sent to each subgraph.',
    labelNames: ['subgraph'] as const,
    registers: [this.registry],
  });
  readonly subgraphSeconds = new Histogram({
    name: 'vigil_gateway_subgraph_duration_seconds',
    help: 'Time to a subgraph answer (first event for a subscription), by subgraph.',
    labelNames: ['subgraph'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly openSubscriptions = new Gauge({
    name: 'vigil_gateway_open_subscriptions',
    help: 'Subscriptions currently streaming to clients.',
    registers: [this.registry],
  });
  private readonly names = new Set<string>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'vigil_gateway_' });
  }

  /** The label for an operation name: anonymous, a known name, or `other` past the cardinality cap. */
  operationLabel(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return 'other';
    this.names.add(name);
    return name;
  }

  /**
   * GET /metrics in the Prometheus text format. With a `token` (METRICS_TOKEN), the scraper must send it as a
   * bearer token (compared in constant time); without one, answered only when `open` (outside production).
   */
  async serve(request: IncomingMessage, response: ServerResponse, access: { token?: string; open: boolean }): Promise<void> {
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (access.token ? !bearerMatches(request.headers.authorization, access.token) : !access.open) {
      response.writeHead(access.token ? 401 : 404).end();
      return;
    }
    const body = await this.registry.metrics();
    response.writeHead(200, { 'content-type': this.registry.contentType }).end(body);
  }
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
