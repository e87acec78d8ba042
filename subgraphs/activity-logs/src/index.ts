/**
 * activity-logs: ingestion, event taxonomy, chain integrity, timeline, statistics, retention, erasure, exports
 * and the live timeline. Its module descriptor is `activityLogsModule` (database `vigil_activity_logs`).
 *
 *   const subgraph = await createActivityLogsSubgraph(deps);   // builds it and starts its background tasks:
 *                                    //   agent.action and admin.action consumers, checkpoint repair,
 *                                    //   retention purge, outbox relay (src/background-tasks.ts)
 *   await subgraph.start(port);      // GraphQL + graphql-ws on /graphql, and the HTTP routes
 *   await subgraph.stop();           // stops the tasks (newest first), then the server
 *   subgraph.services                // recorder, queries, verification, … (benches and tests)
 *   subgraph.httpPaths               // ['/activity/events', '/activity/export', '/activity/signing-keys'], served on the
 *                                    // same port as plain HTTP: list them as this subgraph's `httpRoutes` in the
 *                                    // gateway, which authenticates and signs them
 *
 * Publishes `activity.recorded` (TOPICS.activityRecorded) once per committed batch: the tenant and the chain range.
 * Env (besides core's): see src/config.ts and the README's Configuration section.
 */
import 'reflect-metadata';
import { ACTIVITY_CHAIN, startSubgraph, type SubgraphDeps, type SubgraphModule, type SubgraphServer } from '@vigil/core';
import { assembleActivityLogs, type ActivityLogsOptions, type ActivityLogsServices } from './assemble.js';
import type { ActivityLoaders } from './graphql/loaders/activity-loaders.js';

export { ACTIVITY_RECORDED_CHANNEL } from './adapters/events/wire-payloads.js';
export { MAX_BATCH_SIZE } from './domain/activity-batch.js';
export type { ActivityModels } from './adapters/mongo/index.js';
export { ACTIVITY_EVENTS_PATH, ACTIVITY_EXPORT_PATH, ACTIVITY_SIGNING_KEYS_PATH } from './http/activity-http-api.js';
export type { ActivityLogsOptions, ActivityLogsServices } from './assemble.js';

/** The database the activity-logs subgraph owns. */
export const ACTIVITY_LOGS_DB_NAME = ACTIVITY_CHAIN.dbName;

/** activity-logs with `options` (another account directory, another environment). */
export function activityLogsModuleWith(options: ActivityLogsOptions): SubgraphModule<ActivityLoaders> {
  return {
    name: 'activity-logs',
    dbName: ACTIVITY_LOGS_DB_NAME,
    create: async (deps) => (await assembleActivityLogs(deps, options)).assembly,
  };
}

/** activity-logs as the stack runs it: process.env, accounts read from the accounts subgraph's collection. */
export const activityLogsModule: SubgraphModule<ActivityLoaders> = activityLogsModuleWith({});

export interface ActivityLogsSubgraph extends SubgraphServer {
  readonly services: ActivityLogsServices;
  /** `/activity/events`, `/activity/export`, `/activity/signing-keys`: the gateway proxies them here. */
  readonly httpPaths: readonly string[];
}

export async function createActivityLogsSubgraph(
  deps: SubgraphDeps,
  options: ActivityLogsOptions = {},
): Promise<ActivityLogsSubgraph> {
  const { assembly, services } = await assembleActivityLogs(deps, options);
  const server = await startSubgraph({ ...activityLogsModuleWith(options), create: async () => assembly }, deps);
  return { ...server, services, httpPaths: server.httpPaths ?? [] };
}
