import { ACCOUNTS_DB_NAME, DEMO_SEED } from '@vigil/accounts';
import { OWNED_ENTITIES, type Role } from '@vigil/core';
import type { RunningStack } from '@vigil/stack';
import { waitForValue, waitUntil } from '@vigil/testing';
import { MongoClient } from 'mongodb';
import { expect } from 'vitest';
import { graphql, nodes, type Page } from './graphql-client.js';

const { tenants, accounts, agents } = DEMO_SEED;

/** Ids of `acme`'s entities, and of `demo`'s where a mutation needs one of its own beside a foreign one. */
export interface CrossTenantIds {
  readonly acme: {
    alert: string;
    case: string;
    event: string;
    hold: string;
    webhook: string;
    request: string;
    challenge: string;
    contactChange: string;
  };
  readonly demo: { alert: string; case: string };
}

async function ok<T>(
  stack: RunningStack,
  roles: Role[],
  tenantIds: string[],
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const token = await stack.token({ roles, tenants: tenantIds, subject: roles.includes('AGENT') ? agents.acmeAgent : 'x-admin' });
  const result = await graphql<T>(stack.gatewayUrl, token, query, variables);
  expect(result.errors, query).toBeUndefined();
  return result.data as T;
}

const failures = (accountId: string, key: string) =>
  Array.from({ length: 10 }, (_, i) => ({
    accountId,
    type: 'user.authentication.failed',
    occurredAt: new Date(Date.now() - 60_000 + i * 1000).toISOString(),
    ip: '192.0.2.10',
    idempotencyKey: `${key}-${i}`,
  }));
const RECORD = `mutation ($tenantId: ID!, $events: [ActivityEventInput!]!) { recordActivities(tenantId: $tenantId, events: $events) { recordedCount } }`;

async function seedTenant(
  stack: RunningStack,
  tenantId: string,
  accountId: string,
): Promise<{ alert: string; case: string; event: string }> {
  await ok(stack, ['INGEST'], [tenantId], RECORD, { tenantId, events: failures(accountId, `xt-${tenantId}`) });
  const alert = await waitForValue(async () => {
    const data = await ok<{ alerts: Page<{ id: string }> }>(
      stack,
      ['SECURITY_ANALYST'],
      [tenantId],
      `{ alerts(filter: { accountId: "${accountId}" }) { edges { node { id } } } }`,
    );
    return nodes(data.alerts)[0]?.id;
  });
  const opened = await ok<{ openRecoveryCase: { id: string } }>(
    stack,
    ['SUPERVISOR'],
    [tenantId],
    `mutation ($input: OpenRecoveryCaseInput!) { openRecoveryCase(input: $input) { id } }`,
    { input: { tenantId, accountId, reason: 'LOCKED_OUT', channel: 'PHONE' } },
  );
  const events = await ok<{ activityEvents: { edges: { node: { id: string } }[] } }>(
    stack,
    ['SECURITY_ANALYST'],
    [tenantId],
    `{ activityEvents(tenantId: "${tenantId}", first: 1) { edges { node { id } } } }`,
  );
  return { alert, case: opened.openRecoveryCase.id, event: events.activityEvents.edges[0]!.node.id };
}

/** Creates, through the gateway and by each tenant's own staff, the entities the cross-tenant attempts name; fills `ids`. */
export async function seedCrossTenantEntities(stack: RunningStack, ids: CrossTenantIds): Promise<void> {
  Object.assign(ids.acme, await seedTenant(stack, tenants.acme, accounts.alex));
  Object.assign(ids.demo, await seedTenant(stack, tenants.demo, accounts.jordan));
  const acmeAdmin: [Role[], string[]] = [['ADMIN'], [tenants.acme]];
  ids.acme.hold = (
    await ok<{ placeLegalHold: { id: string } }>(
      stack,
      ...acmeAdmin,
      `mutation { placeLegalHold(tenantId: "acme", reason: "audit") { id } }`,
    )
  ).placeLegalHold.id;
  ids.acme.webhook = (
    await ok<{ registerAlertWebhook: { endpoint: { id: string } } }>(
      stack,
      ...acmeAdmin,
      `mutation { registerAlertWebhook(tenantId: "acme", url: "https://hooks.acme.example/vigil") { endpoint { id } } }`,
    )
  ).registerAlertWebhook.endpoint.id;
  ids.acme.request = (
    await ok<{ requestThirdPartyAccess: { id: string } }>(
      stack,
      ['INGEST'],
      [tenants.acme],
      `mutation { requestThirdPartyAccess(input: { tenantId: "acme", accountId: "${accounts.alex}", appName: "QuickLoans", scopes: ["profile:read"] }) { id } }`,
    )
  ).requestThirdPartyAccess.id;
  ids.acme.challenge = (
    await ok<{ sendVerificationCode: { challengeId: string } }>(
      stack,
      ['SUPERVISOR'],
      [tenants.acme],
      `mutation { sendVerificationCode(caseId: "${ids.acme.case}") { challengeId } }`,
    )
  ).sendVerificationCode.challengeId;
  const changed = await ok<{ requestContactChange: { contactChanges: { id: string }[] } }>(
    stack,
    ['SUPERVISOR'],
    [tenants.acme],
    `mutation { requestContactChange(caseId: "${ids.acme.case}", field: EMAIL, newValue: "alex.new@example.org") { contactChanges { id } } }`,
  );
  ids.acme.contactChange = changed.requestContactChange.contactChanges[0]!.id;
  await auditRecordsRelayed(stack);
}

/**
 * Waits until every staff action the seeding queued (cases opened and assigned, codes sent, contact changes) is in
 * the activity chain and confirmed there by its relay. They reach the accounts' timelines asynchronously; a test that
 * compares two answers about a timeline must not see one arrive between them.
 */
async function auditRecordsRelayed(stack: RunningStack): Promise<void> {
  const client = await MongoClient.connect(stack.mongoUri);
  try {
    const waiting = [
      client.db(OWNED_ENTITIES.recoveryCase.dbName).collection(OWNED_ENTITIES.recoveryCase.collection),
      client.db(ACCOUNTS_DB_NAME).collection('accounts'),
    ];
    await waitUntil(
      async () =>
        (await Promise.all(waiting.map((c) => c.countDocuments({ 'pendingActions.0': { $exists: true } })))).every(
          (n) => n === 0,
        ),
      60_000,
      200,
    );
  } finally {
    await client.close();
  }
}
