import {
  MongoActivityChainReader,
  TOPICS,
  type ActivityRecordedPayload,
  type Identity,
  type Role,
  type SubgraphCallResult,
} from '@vigil/core';
import { ACCOUNTS_DB_NAME, createAccountsSubgraph, seedDemoTenant } from '@vigil/accounts';
import { appendToActivityChain, identityOf, startTestSubgraph, waitForOffset, type TestSubgraph } from '@vigil/testing';
import { ACCOUNTS_CONSUMER_GROUP } from '../src/adapters/events/device-inventory-consumer.js';

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

/** Appends the page to demo's chain as activity-logs does, wakes the consumers, and waits until group `accounts` handled it. */
export async function recordInChain(subgraph: TestSubgraph, ...page: ActivityRecordedPayload[]): Promise<void> {
  await appendToActivityChain(subgraph.db.connection, page);
  await subgraph.bus.publish(TOPICS.activityRecorded, page[0]!, { dedupeKey: page[0]!.eventId });
  const head = await new MongoActivityChainReader(subgraph.db.connection).heads();
  await waitForOffset(subgraph.db.connection, ACCOUNTS_CONSUMER_GROUP, 'demo', head.get('demo') ?? 0);
}
