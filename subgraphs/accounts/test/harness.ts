import type { ActivityRecordedPayload, Identity, Role, SubgraphCallResult } from '@vigil/core';
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

/**
 * An activity as activity-logs announces it on the chain: a customer's sign-in in `demo` unless `fields` say otherwise;
 * `fields` names the event and the account (and the device, the type, …).
 */
export function announcedActivity(
  fields: Pick<ActivityRecordedPayload, 'eventId' | 'accountId'> & Partial<ActivityRecordedPayload>,
): ActivityRecordedPayload {
  return {
    tenantId: 'demo',
    type: 'user.session.start',
    category: 'AUTHENTICATION',
    outcome: 'SUCCESS',
    occurredAt: new Date().toISOString(),
    actor: { type: 'CUSTOMER' },
    ...fields,
  };
}
