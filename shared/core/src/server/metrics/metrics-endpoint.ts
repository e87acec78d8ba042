import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { VigilConfig } from '../../config/config.js';

/**
 * Who may read a subgraph's `/metrics`. With a `token` (METRICS_TOKEN) the scraper sends it as a bearer token
 * (constant-time compare); without one the endpoint answers only when `open` (outside production), else 404.
 */
export interface MetricsAccess {
  readonly token?: string;
  readonly open: boolean;
}

/** The subgraph factory's `metrics` option: the access rule and the subgraph's own collectors. */
export interface SubgraphMetricsOptions extends MetricsAccess {
  /** Registers the subgraph's domain collectors (event-bus lag, outbox depth…) on its registry. */
  readonly register?: (registry: Registry) => void;
}

/** METRICS_TOKEN when set; else open outside production and closed (404) in production. */
export function metricsAccessFromConfig(config: Pick<VigilConfig, 'METRICS_TOKEN' | 'NODE_ENV'>): MetricsAccess {
  return { ...(config.METRICS_TOKEN ? { token: config.METRICS_TOKEN } : {}), open: config.NODE_ENV !== 'production' };
}

/** GET /metrics in the Prometheus text format, behind `access`. */
export async function serveMetrics(
  registry: Registry,
  access: MetricsAccess | undefined,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'GET') {
    response.writeHead(405, { allow: 'GET' }).end();
    return;
  }
  // No access rule (the subgraph passed no `metrics` option) is a closed endpoint: deny by default.
  const allowed = access?.token ? bearerMatches(request.headers.authorization, access.token) : access?.open === true;
  if (!allowed) {
    response.writeHead(access?.token ? 401 : 404).end();
    return;
  }
  const body = await registry.metrics();
  response.writeHead(200, { 'content-type': registry.contentType }).end(body);
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
