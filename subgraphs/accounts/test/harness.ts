import type { Identity, Role, SubgraphCallResult } from '@vigil/core';
import { ACCOUNTS_DB_NAME, createAccountsSubgraph, seedDemoTenant } from '@vigil/accounts';
import { identityOf, startTestSubgraph, type TestSubgraph } from '@vigil/testing';

/** What a call to the subgraph answers. */
export type GraphQLResponse<T = Record<string, unknown>> = SubgraphCallResult<T>;

/** The accounts subgraph on a real embedded MongoDB and a real HTTP port, seeded with the demo data. */
export function startAccounts(): Promise<TestSubgraph> {
  return startTestSubgraph({
    name: 'accounts',
    dbName: ACCOUNTS_DB_NAME,
    start: createAccountsSubgraph,
    seed: async ({ open }) => seedDemoTenant((await open(ACCOUNTS_DB_NAME)).connection),
  });
}

export function as(roles: Role[], tenantIds: string[] = ['demo'], subject = 'tester'): Identity {
  return identityOf(roles, tenantIds, subject);
}
