import type { SubgraphDeps, SubgraphServer, VigilConfig } from '@vigil/core';
import { ACCOUNTS_DB_NAME, createAccountsSubgraph, seedDemoTenant } from '@vigil/accounts';
import { ACTIVITY_LOGS_DB_NAME, createActivityLogsSubgraph } from '@vigil/activity-logs';
import type { Connection } from 'mongoose';

/** One of our own subgraphs, as the stack (one process) and `serve.ts` (one service a process) start it. */
export interface SubgraphModule {
  /** Name in the supergraph config, logs and `serve.ts <name>`. */
  readonly name: string;
  /** The MongoDB database this subgraph owns. */
  readonly dbName: string;
  /** Its port from config (ACCOUNTS_PORT, …). */
  readonly port: (config: VigilConfig) => number;
  /** Its composition root. */
  readonly create: (deps: SubgraphDeps) => Promise<SubgraphServer>;
  /** Idempotent demo data for `npm start` and the end-to-end tests. */
  readonly seed?: (connection: Connection) => Promise<void>;
}

export const SUBGRAPHS: readonly SubgraphModule[] = [
  { name: 'accounts', dbName: ACCOUNTS_DB_NAME, port: (c) => c.ACCOUNTS_PORT, create: createAccountsSubgraph, seed: seedDemoTenant },
  { name: 'activity-logs', dbName: ACTIVITY_LOGS_DB_NAME, port: (c) => c.ACTIVITY_LOGS_PORT, create: (deps) => createActivityLogsSubgraph(deps) },
];

export function subgraphModule(name: string): SubgraphModule {
  const module = SUBGRAPHS.find((candidate) => candidate.name === name);
  if (!module) {
    throw new Error(`Unknown subgraph "${name}". Known: ${SUBGRAPHS.map((s) => s.name).join(', ')}.`);
  }
  return module;
}
