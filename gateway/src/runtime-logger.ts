import { Logger, type LogLevel } from '@graphql-hive/gateway-runtime';
import type { GatewayLogger } from './options.js';
import { CLIENT_LEFT } from './upstream-waiters.js';

/**
 * Attributes of the runtime's log lines that are dropped, at any depth. An upstream failure's attributes carry the
 * whole subgraph request — its body holds the caller's variables (customer data) and the gateway-signed identity
 * (a bearer credential for that subgraph until it expires) — and may carry the subgraph's response. What is left
 * (message, path, code, subgraph name) is enough to tell what failed and where.
 */
const WITHHELD_KEYS = new Set(['request', 'response', 'body', 'headers', 'variables', 'query']);

/** A copy of `value` without the withheld keys (plain objects and arrays walked; depth-bounded). */
export function withoutRequestData(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => withoutRequestData(item, depth + 1));
  // An error's own properties may hold the request too: keep what says what went wrong.
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!WITHHELD_KEYS.has(key)) kept[key] = withoutRequestData(item, depth + 1);
  }
  return kept;
}

/**
 * A subgraph call that ended because its client left (upstream-waiters.ts `clientLeftError`): the runtime logs it as
 * an error like any failed call, but nothing failed — a client closing a tab or a load balancer's timeout would page
 * whoever watches the gateway's errors.
 */
function endedByClient(attrs: object | null | undefined): boolean {
  return typeof attrs === 'object' && attrs !== null && (attrs as { message?: unknown }).message === CLIENT_LEFT;
}

/**
 * Routes the runtime's own logs (composition, upstream failures) to the gateway logger, request data withheld; a
 * call ended by its client leaving goes to debug.
 */
export function runtimeLogger(logger: GatewayLogger): Logger {
  const write = (level: LogLevel, attrs: object | null | undefined, message: string | null | undefined) => {
    const target = level === 'trace' || endedByClient(attrs) ? 'debug' : level;
    logger[target]({ component: 'hive-runtime', ...(withoutRequestData(attrs ?? {}) as object) }, message ?? '');
  };
  return new Logger({ level: 'info', writers: [{ write }] });
}
