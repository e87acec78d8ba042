/**
 * Every subgraph of the running stack serves /metrics, and the series move with what the floor does: activity
 * recorded (chain length, events judged), an alert raised for its rule, a recovery case opened, operations served.
 * Real HTTP scrapes of each subgraph's port, the work driven through the gateway.
 */
import { DEMO_SEED } from '@vigil/accounts';
import type { RunningStack } from '@vigil/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, nodes, type Page } from './support/graphql-client.js';
import { bootStack } from './support/stack.js';
import { waitForValue } from '@vigil/testing';

const { tenants, accounts } = DEMO_SEED;
const RECORD = `mutation ($tenantId: ID!, $events: [ActivityEventInput!]!) {
  recordActivities(tenantId: $tenantId, events: $events) { recordedCount }
}`;

let stack: RunningStack;
beforeAll(async () => {
  stack = await bootStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

async function scrape(subgraph: string): Promise<string> {
  const url = stack.subgraphs.get(subgraph)!.url.replace('/graphql', '/metrics');
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.text();
}

/** The sum of every sample of `metric` whose labels include all of `labels` (0 when none). */
function total(text: string, metric: string, labels: readonly string[] = []): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `))
    .filter((line) => labels.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('subgraph /metrics on the running stack', () => {
  it('serves every subgraph its series, and they move with the work done through the gateway', async () => {
    const names = ['accounts', 'activity-logs', 'recovery-cases', 'alerts'];
    const before = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await scrape(name)] as const)));

    const start = Date.now() - 60_000;
    const events = Array.from({ length: 10 }, (_, i) => ({
      accountId: accounts.sam,
      type: 'user.authentication.failed',
      occurredAt: new Date(start + i * 1000).toISOString(),
      ip: '203.0.113.94',
      idempotencyKey: `ops2-metrics-${start}-${i}`,
    }));
    const ingest = await stack.token({ roles: ['INGEST'], tenants: [tenants.demo] });
    expect((await graphql(stack.gatewayUrl, ingest, RECORD, { tenantId: tenants.demo, events })).errors).toBeUndefined();
    const analyst = await stack.token({ roles: ['SECURITY_ANALYST'], tenants: [tenants.demo] });
    await waitForValue(async () => {
      const answer = await graphql<{ alerts: Page<{ id: string; account: { displayName: string } | null }> }>(
        stack.gatewayUrl,
        analyst,
        `{ alerts(filter: { accountId: "${accounts.sam}" }) { edges { node { id account { displayName } } } } }`,
      );
      const alerts = nodes(answer.data?.alerts);
      return alerts?.length ? alerts : undefined;
    });
    const supervisor = await stack.token({ roles: ['SUPERVISOR'], tenants: [tenants.demo] });
    const opened = await graphql(
      stack.gatewayUrl,
      supervisor,
      `
        mutation ($input: OpenRecoveryCaseInput!) {
          openRecoveryCase(input: $input) {
            id
          }
        }
      `,
      { input: { tenantId: tenants.demo, accountId: accounts.sam, reason: 'LOCKED_OUT', channel: 'PHONE' } },
    );
    expect(opened.errors).toBeUndefined();
    const after = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await scrape(name)] as const)));

    for (const name of names) {
      expect(total(after[name]!, 'vigil_subgraph_operations_total')).toBeGreaterThan(
        total(before[name]!, 'vigil_subgraph_operations_total'),
      );
      expect(after[name]).toContain(`vigil_subgraph_open_subscriptions{subgraph="${name}"}`);
    }
    const chain = 'vigil_activity_chain_events';
    expect(total(after['activity-logs']!, chain)).toBeGreaterThanOrEqual(total(before['activity-logs']!, chain) + events.length);
    expect(after['activity-logs']).toContain('vigil_activity_publish_outbox_batches');

    const raised = ['vigil_alerts_raised_total', ['rule="brute-force"']] as const;
    expect(total(after.alerts!, ...raised)).toBeGreaterThanOrEqual(total(before.alerts!, ...raised) + 1);
    const judged = 'vigil_detection_events_total';
    expect(total(after.alerts!, judged)).toBeGreaterThanOrEqual(total(before.alerts!, judged) + events.length);
    expect(after.alerts).toContain('vigil_event_consumer_lag_events{group="alerts-detection",subgraph="alerts"}');
    expect(after.alerts).toContain('vigil_notification_dead_letters{kind="delivery",subgraph="alerts"}');
    expect(after.accounts).toContain('vigil_event_consumer_lag_events{group="accounts",subgraph="accounts"}');

    expect(total(after['recovery-cases']!, 'vigil_recovery_cases')).toBe(
      total(before['recovery-cases']!, 'vigil_recovery_cases') + 1,
    );
  }, 180_000);
});
