import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { createLogger } from '@vigil/core';
import { createGateway, gatewayOptionsFromConfig, type Gateway } from '@vigil/gateway';
import type { RunningStack } from '@vigil/stack';
import type { GraphQLSchema } from 'graphql';
import { clockPaths, withoutClocks } from './clock-fields.js';
import { graphql, type GraphQLResponse } from './graphql-client.js';

/**
 * A second gateway in front of the stack's subgraphs, built like the stack's (same config, signing key, plugins)
 * but with router-runtime's own plan executor: the reference Vigil's executor (ADR 110) is compared with.
 */
export async function startReferenceGateway(stack: RunningStack): Promise<Gateway> {
  const subgraphs = [...stack.subgraphs.values()].map(({ name, url, server }) => ({
    name,
    url,
    httpRoutes: server.httpPaths ?? [],
  }));
  const logger = createLogger({ name: 'reference-gateway', level: process.env.E2E_LOG_LEVEL ?? 'silent' });
  const options = gatewayOptionsFromConfig(stack.config, subgraphs, logger);
  const gateway = createGateway({ ...options, port: 0, host: '127.0.0.1' }, { unifiedGraphHandler });
  await gateway.start();
  return gateway;
}

/** One operation as a client sees its answer: status, data, and each error's message, path and extensions. */
export interface Exchange {
  readonly token: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

/**
 * Errors are sorted: both executors list them as the subgraph calls of one plan step finish, and parallel calls
 * finish in any order (seen: the same errors in another order on two tries of one operation under load).
 */
function comparable(response: GraphQLResponse, clocks: ReadonlySet<string>): string {
  const errors = (response.errors ?? []).map(({ message, path, extensions }) => JSON.stringify({ message, path, extensions }));
  const data = withoutClocks(response.data ?? null, clocks);
  return JSON.stringify({ status: response.status, data, errors: errors.sort() });
}

/**
 * Sends `exchange` to both gateways at the same moment and returns both answers, `equal` when they match. A
 * difference is retried up to three times: reads change data the other read may see (a staff read of an account
 * is recorded as `agent.action.account.viewed` activity) and background work (detection, deliveries) runs
 * between reads; an executor's difference repeats every time. Values of the fields that read the server's clock
 * (`clock-fields.ts`) are compared as present or null, not by value: the two reads never share a millisecond
 * under load (seen in CI: `checkedAt` differed on all four tries).
 */
export async function compareGateways(
  ours: string,
  reference: string,
  exchange: Exchange,
  schema?: GraphQLSchema,
): Promise<{ equal: boolean; ours: string; reference: string }> {
  const clocks = schema ? clockPaths(schema, exchange.query) : new Set<string>();
  let answers = { ours: '', reference: '' };
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const [a, b] = await Promise.all(
      [ours, reference].map((url) => graphql(url, exchange.token, exchange.query, exchange.variables)),
    );
    answers = { ours: comparable(a!, clocks), reference: comparable(b!, clocks) };
    if (answers.ours === answers.reference) return { equal: true, ...answers };
  }
  return { equal: false, ...answers };
}

/** Runs `tasks` with at most `width` at once (the machine is shared: a bounded fan-out, not all at once). */
export async function inBatches<T>(items: readonly T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await task(item!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
