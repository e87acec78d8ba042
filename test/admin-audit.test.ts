/**
 * Administrator actions that change access or detection land in the tenant's tamper-evident chain as Vigil-written
 * `system.admin.*` events (who, what, before/after; no secrets, no other tenants), and the chain still verifies.
 * A client cannot forge one.
 */
import { DEMO_SEED } from '@vigil/accounts';
import type { RunningStack } from '@vigil/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './support/graphql-client.js';
import { bootStack } from './support/stack.js';

const { tenants, agents } = DEMO_SEED;
let stack: RunningStack;
beforeAll(async () => {
  stack = await bootStack();
});
afterAll(async () => {
  await stack?.stop();
});

interface AdminEvent {
  type: string;
  accountId: string;
  actor: { type: string; id: string | null } | null;
  metadata: Record<string, unknown> | null;
}
const ADMIN_EVENTS = `query ($tenantId: ID!) {
  activityEvents(tenantId: $tenantId, accountId: "vigil:admin", first: 50, filter: { typePrefix: "system.admin." }) {
    edges { node { type accountId actor { type id } metadata } }
  }
}`;

async function adminEvents(token: string, expected: number): Promise<AdminEvent[]> {
  let events: AdminEvent[] = [];
  for (const deadline = Date.now() + 30_000; events.length < expected && Date.now() < deadline;) {
    const answer = await graphql<{ activityEvents: { edges: Array<{ node: AdminEvent }> } | null }>(
      stack.gatewayUrl,
      token,
      ADMIN_EVENTS,
      { tenantId: tenants.demo },
    );
    expect(answer.errors).toBeUndefined();
    events = answer.data?.activityEvents?.edges.map((edge) => edge.node) ?? [];
    if (events.length < expected) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return events;
}

describe('administrator actions in the audit chain', () => {
  it('records detection, webhook and role changes with who and what, and the chain verifies', async () => {
    const admin = await stack.token({
      roles: ['ADMIN', 'SECURITY_ANALYST'],
      tenants: [tenants.demo, tenants.acme],
      subject: agents.admin,
    });
    const detection = await graphql(
      stack.gatewayUrl,
      admin,
      `
        mutation ($input: DetectionSettingsInput!) {
          updateDetectionSettings(input: $input) {
            tenantId
          }
        }
      `,
      {
        input: {
          tenantId: tenants.demo,
          ipAllowlist: ['10.20.0.0/16'],
          overrides: [{ ruleId: 'brute-force', mode: 'AUDIT_ONLY' }],
        },
      },
    );
    expect(detection.errors).toBeUndefined();

    const webhook = await graphql<{ registerAlertWebhook: { endpoint: { id: string }; secret: string } }>(
      stack.gatewayUrl,
      admin,
      `mutation { registerAlertWebhook(tenantId: "${tenants.demo}", url: "https://203.0.113.10/hooks/vigil?key=abc") { endpoint { id } secret } }`,
    );
    expect(webhook.errors).toBeUndefined();
    const secret = webhook.data!.registerAlertWebhook.secret;

    // Grants ADMIN to the floor agent in demo; the agent's other tenants never show in demo's chain.
    const granted = await graphql(
      stack.gatewayUrl,
      admin,
      `mutation { updateAgent(id: "${agents.agent}", input: { roles: [AGENT, ADMIN], tenantIds: ["${tenants.demo}", "${tenants.acme}"] }) { id roles } }`,
    );
    expect(granted.errors).toBeUndefined();

    const auditor = await stack.token({ roles: ['AUDITOR'], tenants: [tenants.demo] });
    const events = await adminEvents(auditor, 3);
    const byType = new Map(events.map((event) => [event.type, event]));
    expect([...byType.keys()].sort()).toEqual(
      ['system.admin.agent.access_changed', 'system.admin.detection.settings_changed', 'system.admin.webhook.registered'].sort(),
    );
    for (const event of events) expect(event.actor).toEqual({ type: 'AGENT', id: agents.admin });

    expect(byType.get('system.admin.detection.settings_changed')!.metadata).toMatchObject({
      targetType: 'detection-settings',
      before_brute_force_mode: 'ALERT',
      after_brute_force_mode: 'AUDIT_ONLY',
      after_ipAllowlistAdded: 1,
    });
    expect(byType.get('system.admin.webhook.registered')!.metadata).toMatchObject({
      targetType: 'webhook',
      after_url: 'https://203.0.113.10',
    });
    expect(byType.get('system.admin.agent.access_changed')!.metadata).toMatchObject({
      targetId: agents.agent,
      before_roles: ['AGENT'],
      after_roles: ['ADMIN', 'AGENT'],
    });
    const text = JSON.stringify(events);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('key=abc');
    expect(text).not.toContain('10.20.0.0');
    expect(text).not.toContain(tenants.acme);

    const verified = await graphql<{ verifyActivityChain: { ok: boolean; verifiedCount: number } }>(
      stack.gatewayUrl,
      auditor,
      `{ verifyActivityChain(tenantId: "${tenants.demo}") { ok verifiedCount } }`,
    );
    expect(verified.errors).toBeUndefined();
    expect(verified.data?.verifyActivityChain.ok).toBe(true);
    expect(verified.data?.verifyActivityChain.verifiedCount).toBeGreaterThanOrEqual(3);
  });

  it('refuses webhooks pointing inside the network (SSRF)', async () => {
    const admin = await stack.token({ roles: ['ADMIN'], tenants: [tenants.demo], subject: agents.admin });
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'https://127.0.0.1:6379/',
      'https://[::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://localhost:8443/hook',
      'https://0x7f.1/hook',
    ]) {
      const refused = await graphql(
        stack.gatewayUrl,
        admin,
        `mutation ($url: String!) { registerAlertWebhook(tenantId: "${tenants.demo}", url: $url) { endpoint { id } } }`,
        { url },
      );
      expect(refused.errors?.[0]?.extensions?.code, url).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message, url).toMatch(/address/);
    }
  });

  it('refuses the same event type from a client', async () => {
    const idp = await stack.token({ roles: ['INGEST'], tenants: [tenants.demo], subject: 'svc-forger' });
    const forged = await graphql(
      stack.gatewayUrl,
      idp,
      `mutation ($events: [ActivityEventInput!]!) { recordActivities(tenantId: "${tenants.demo}", events: $events) { recordedCount } }`,
      {
        events: [
          {
            accountId: DEMO_SEED.accounts.jordan,
            type: 'system.admin.detection.settings_changed',
            occurredAt: new Date().toISOString(),
          },
        ],
      },
    );
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(forged.errors?.[0]?.extensions?.fields)).toContain('is reserved');
  });
});
