import type { Environment, SubgraphDeps, SubgraphServer, VigilConfig } from '@vigil/core';
import { ACCOUNTS_DB_NAME, createAccountsSubgraph, seedDemoTenant } from '@vigil/accounts';
import { ACTIVITY_LOGS_DB_NAME, createActivityLogsSubgraph } from '@vigil/activity-logs';
import { AccountsRecipientDirectory, ALERTS_DB_NAME, createAlertsSubgraph } from '@vigil/alerts';
import { createRecoveryCasesSubgraph, RECOVERY_CASES_DB_NAME } from '@vigil/recovery-cases';
import type { Connection } from 'mongoose';

/** What a composition root may need beyond its deps: the environment and, in one process, its peers. */
export interface CompositionContext {
  /** The `/graphql` URL of a subgraph already running in this process, if any. */
  urlOf(name: string): string | undefined;
  /** The environment the subgraph reads its own config section from (the stack's, not always process.env). */
  readonly env: Environment;
}

/** One of our own subgraphs, as the stack (one process) and `serve.ts` (one service a process) start it. */
export interface SubgraphModule {
  /** Name in the supergraph config, logs and `serve.ts <name>`. */
  readonly name: string;
  /** The MongoDB database this subgraph owns. */
  readonly dbName: string;
  /** Its port from config (ACCOUNTS_PORT, …). */
  readonly port: (config: VigilConfig) => number;
  /** Its composition root. `context` carries the environment and the URLs of subgraphs already running in this process. */
  readonly create: (deps: SubgraphDeps, context: CompositionContext) => Promise<SubgraphServer>;
  /** Idempotent demo data for `npm start` and the end-to-end tests. */
  readonly seed?: (connection: Connection) => Promise<void>;
}

export const SUBGRAPHS: readonly SubgraphModule[] = [
  {
    name: 'accounts',
    dbName: ACCOUNTS_DB_NAME,
    port: (c) => c.ACCOUNTS_PORT,
    create: createAccountsSubgraph,
    seed: seedDemoTenant,
  },
  {
    name: 'activity-logs',
    dbName: ACTIVITY_LOGS_DB_NAME,
    port: (c) => c.ACTIVITY_LOGS_PORT,
    create: (deps, context) => createActivityLogsSubgraph(deps, { env: context.env }),
  },
  {
    name: 'recovery-cases',
    dbName: RECOVERY_CASES_DB_NAME,
    port: (c) => c.RECOVERY_CASES_PORT,
    create: (deps, context) => createRecoveryCasesSubgraph(deps, { env: context.env }),
  },
  {
    name: 'alerts',
    dbName: ALERTS_DB_NAME,
    port: (c) => c.ALERTS_PORT,
    // Customer contact channels come from the accounts subgraph; in one process it may be on any port.
    create: (deps, context) => {
      const accountsUrl = context.urlOf('accounts');
      const recipients = accountsUrl ? new AccountsRecipientDirectory(accountsUrl, deps.config.GATEWAY_SIGNING_KEY) : undefined;
      return createAlertsSubgraph(deps, {
        env: context.env,
        ...(recipients ? { recipients } : {}),
        // Third-party access events and evidence verification go to activity-logs, wherever it listens.
        activityLogsUrl: () => context.urlOf('activity-logs'),
      });
    },
  },
];

export function subgraphModule(name: string): SubgraphModule {
  const module = SUBGRAPHS.find((candidate) => candidate.name === name);
  if (!module) {
    throw new Error(`Unknown subgraph "${name}". Known: ${SUBGRAPHS.map((s) => s.name).join(', ')}.`);
  }
  return module;
}
