import { DEMO_SEED } from '@vigil/accounts';
import type { RunningStack } from '@vigil/stack';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { graphql, nodes, type Page } from '../support/graphql-client.js';

// What the browser tests do to the graph through the API (as an identity provider or the floor would), and how
// they find things on the page.

const { tenants } = DEMO_SEED;
export const SEEN = { timeout: 20_000 };
const RECORD = `mutation ($tenantId: ID!, $events: [ActivityEventInput!]!) {
  recordActivities(tenantId: $tenantId, events: $events) { recordedCount }
}`;

const attackStarts = new Map<string, number>();

/** Ten failed logins from one IP, as an identity provider posts them: the brute-force rule fires. */
export async function attack(stack: RunningStack, accountId: string, ip: string): Promise<void> {
  const idp = await stack.token({ roles: ['INGEST'], tenants: [tenants.demo] });
  // The same account and IP again is a retry of the same events (same keys, same content), not a new attack.
  const start = attackStarts.get(`${accountId}/${ip}`) ?? Date.now() - 10_000;
  attackStarts.set(`${accountId}/${ip}`, start);
  const events = Array.from({ length: 10 }, (_, i) => ({
    accountId,
    type: 'user.authentication.failed',
    occurredAt: new Date(start + i * 1000).toISOString(),
    ip,
    idempotencyKey: `wall-${accountId}-${ip}-${i}`,
  }));
  const recorded = await graphql(stack.gatewayUrl, idp, RECORD, { tenantId: tenants.demo, events });
  expect(recorded.errors, JSON.stringify(recorded.errors)).toBeUndefined();
}

/** Successful logins spread over the last day (no rule fires on them). */
export async function recordLogins(stack: RunningStack, accountId: string, count: number): Promise<void> {
  const idp = await stack.token({ roles: ['INGEST'], tenants: [tenants.demo] });
  const events = Array.from({ length: count }, (_, i) => ({
    accountId,
    type: 'user.session.start',
    outcome: 'SUCCESS',
    occurredAt: new Date(Date.now() - (i + 1) * 3_600_000).toISOString(),
    ip: '192.0.2.10',
    idempotencyKey: `wall-login-${accountId}-${i}`,
  }));
  const recorded = await graphql(stack.gatewayUrl, idp, RECORD, { tenantId: tenants.demo, events });
  expect(recorded.errors, JSON.stringify(recorded.errors)).toBeUndefined();
}

/** Attacks (idempotently: the same events again are duplicates) and waits until the account's brute-force alert is stored. */
export async function ensureAlert(stack: RunningStack, accountId: string, ip: string): Promise<void> {
  await attack(stack, accountId, ip);
  const reader = await stack.token({ roles: ['SECURITY_ANALYST'], tenants: [tenants.demo] });
  const query = `query ($accountId: ID) { alerts(filter: { rule: ["brute-force"], accountId: $accountId }) { edges { node { id } } } }`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const found = await graphql<{ alerts: Page<{ id: string }> }>(stack.gatewayUrl, reader, query, { accountId });
    if (nodes(found.data?.alerts)?.length) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no brute-force alert for ${accountId}`);
}

/** The wall row of the account's brute-force alert. */
export const wallRow = (page: Page, name: string) =>
  page.getByTestId('wall-alerts').locator('tbody tr').filter({ hasText: name }).filter({ hasText: 'Brute' });

export async function openAlertInConsole(page: Page, name: string): Promise<void> {
  const row = page
    .getByTestId('analyst-alerts')
    .locator('tbody tr')
    .filter({ hasText: name })
    .filter({ hasText: 'Brute' })
    .first();
  await row.locator('button').first().click();
  await page.getByTestId('account-panel').waitFor(SEEN);
}

const OPEN_CASE = `mutation ($input: OpenRecoveryCaseInput!) { openRecoveryCase(input: $input) { id } }`;
/** An URGENT phone case opened by the floor agent. */
export async function openCase(stack: RunningStack, accountId: string): Promise<string> {
  const agent = await stack.token({ roles: ['AGENT'], tenants: [tenants.demo], subject: DEMO_SEED.agents.agent });
  const input = { tenantId: tenants.demo, accountId, reason: 'LOCKED_OUT', channel: 'PHONE', priority: 'URGENT' };
  const opened = await graphql<{ openRecoveryCase: { id: string } }>(stack.gatewayUrl, agent, OPEN_CASE, { input });
  expect(opened.errors).toBeUndefined();
  return opened.data!.openRecoveryCase.id;
}

/** The demo tenant's SLA targets, around the clock, with URGENT cases to be resolved within `seconds`. */
export async function setUrgentResolutionTarget(stack: RunningStack, seconds: number): Promise<void> {
  const admin = await stack.token({ roles: ['ADMIN'], tenants: [tenants.demo] });
  const settings = await graphql(
    stack.gatewayUrl,
    admin,
    `
      mutation ($input: RecoverySettingsInput!) {
        updateRecoverySettings(tenantId: "demo", input: $input) {
          tenantId
        }
      }
    `,
    {
      input: {
        twentyFourSeven: true,
        slaTargets: ['LOW', 'NORMAL', 'HIGH', 'URGENT'].map((priority) => ({
          priority,
          firstResponseSeconds: 3600,
          nextResponseSeconds: 3600,
          resolutionSeconds: priority === 'URGENT' ? seconds : 14_400,
        })),
      },
    },
  );
  expect(settings.errors, JSON.stringify(settings.errors)).toBeUndefined();
}

/**
 * `count` copies of a stored alert of the demo tenant, without an account, published on the live path (PubSub →
 * subscription → gateway → browser) as the alerts subgraph publishes them: the page is measured, not detection.
 */
export async function publishAlertBurst(stack: RunningStack, count: number): Promise<void> {
  const stored = await stack.subgraphs.get('alerts')!.mongo.connection.collection('alerts').findOne({ tenantId: tenants.demo });
  expect(stored).not.toBeNull();
  const template = JSON.parse(JSON.stringify(stored)) as Record<string, unknown>;
  const start = Date.now();
  for (let i = 0; i < count; i += 1) {
    const raisedAt = new Date(start - i * 3_000).toISOString();
    const burst = { ...template, _id: `burst-${i}`, status: 'OPEN', raisedAt, detectedAt: raisedAt, relatedAccountIds: [] };
    // Without an account: the 1,000 entity fetches to accounts are not what this test measures.
    delete burst.accountId;
    stack.pubsub.publish('ALERT_RAISED', burst);
  }
}
