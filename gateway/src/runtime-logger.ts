import { Logger, type LogLevel } from '@graphql-hive/gateway-runtime';
import type { GatewayLogger } from './options.js';

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

/** Routes the runtime's own logs (composition, upstream failures) to the gateway logger, request data withheld. */
export function runtimeLogger(logger: GatewayLogger): Logger {
  const write = (level: LogLevel, attrs: object | null | undefined, message: string | null | undefined) => {
    const target = level === 'trace' ? 'debug' : level;
    logger[target]({ component: 'hive-runtime', ...(withoutRequestData(attrs ?? {}) as object) }, message ?? '');
  };
  return new Logger({ level: 'info', writers: [{ write }] });
}
