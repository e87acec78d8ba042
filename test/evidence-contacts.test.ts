/**
 * Contact details a client writes into an event's metadata follow their own kind (ADR 149): an AUDITOR or
 * SECURITY_ANALYST reads the metadata (EVIDENCE) whole but the email and phone number in it masked, as on the account
 * itself; ADMIN reads it whole; AGENT not at all. The audit export discloses the same, and the stored event (hence
 * the chain) is unchanged.
 */
import { DEMO_SEED } from '@vigil/accounts';
import type { RunningStack } from '@vigil/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './support/graphql-client.js';
import { bootStack } from './support/stack.js';

const { tenants, accounts } = DEMO_SEED;
const EMAIL = 'jane.doe@example.com';
const PHONE = '+44 20 7946 0958';
const NATIONAL_PHONE = '020 7946 0958';
const METADATA = {
  newEmail: EMAIL,
  note: `customer called from ${PHONE}`,
  phone: NATIONAL_PHONE,
  channel: 'phone',
  attempts: 2,
};

let stack: RunningStack;
beforeAll(async () => {
  stack = await bootStack();
});
afterAll(async () => {
  await stack?.stop();
});

const EVENTS = `query ($tenantId: ID!, $accountId: ID!) {
  activityEvents(tenantId: $tenantId, accountId: $accountId, first: 20, filter: { types: ["account.contact.email_changed"] }) {
    edges { node { id type metadata } }
  }
}`;

interface EventNode {
  id: string;
  metadata: Record<string, unknown> | null;
}

async function readAs(roles: ['AUDITOR'] | ['SECURITY_ANALYST'] | ['ADMIN'] | ['AGENT']): Promise<EventNode[]> {
  const token = await stack.token({ roles, tenants: [tenants.demo], subject: `evidence-${roles[0].toLowerCase()}` });
  let nodes: EventNode[] = [];
  for (const deadline = Date.now() + 30_000; nodes.length === 0 && Date.now() < deadline;) {
    const answer = await graphql<{ activityEvents: { edges: Array<{ node: EventNode }> } | null }>(
      stack.gatewayUrl,
      token,
      EVENTS,
      { tenantId: tenants.demo, accountId: accounts.jordan },
    );
    expect(answer.errors, roles[0]).toBeUndefined();
    nodes = answer.data?.activityEvents?.edges.map((edge) => edge.node) ?? [];
    if (nodes.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return nodes;
}

describe('contact details inside event evidence', () => {
  it('are masked for AUDITOR and SECURITY_ANALYST, whole for ADMIN, absent for AGENT, in GraphQL and the export', async () => {
    const ingest = await stack.token({ roles: ['INGEST'], tenants: [tenants.demo], subject: 'svc-crm' });
    const recorded = await graphql<{ recordActivities: { recordedCount: number } }>(
      stack.gatewayUrl,
      ingest,
      `mutation ($events: [ActivityEventInput!]!) { recordActivities(tenantId: "${tenants.demo}", events: $events) { recordedCount } }`,
      {
        events: [
          {
            accountId: accounts.jordan,
            type: 'account.contact.email_changed',
            occurredAt: new Date(Date.now() - 60_000).toISOString(),
            metadata: METADATA,
          },
        ],
      },
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data?.recordActivities.recordedCount).toBe(1);

    const masked = {
      newEmail: 'j***@example.com',
      note: 'customer called from +4*******0958',
      phone: '*******0958',
      channel: 'phone',
      attempts: 2,
    };
    for (const role of ['AUDITOR', 'SECURITY_ANALYST'] as const) {
      const [event] = await readAs([role]);
      expect(event?.metadata, role).toEqual(masked);
    }
    const [whole] = await readAs(['ADMIN']);
    expect(whole?.metadata).toEqual(METADATA);
    const [floor] = await readAs(['AGENT']);
    expect(floor?.metadata).toBeNull();

    // The audit export and the verifiable chain export disclose by role as GraphQL does.
    const auditor = await stack.token({ roles: ['AUDITOR'], tenants: [tenants.demo], subject: 'evidence-export' });
    const origin = new URL(stack.gatewayUrl).origin;
    const window = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    for (const query of [`tenantId=${tenants.demo}&${window}`, `tenantId=${tenants.demo}&signedHeads=true`]) {
      const exported = await fetch(`${origin}/activity/export?${query}`, { headers: { authorization: `Bearer ${auditor}` } });
      expect(exported.status, query).toBe(200);
      const line = (await exported.text()).split('\n').find((text) => text.includes(whole!.id));
      expect(line, query).toBeDefined();
      expect(line, query).toContain('j***@example.com');
      expect(line, query).not.toContain(EMAIL);
      expect(line, query).not.toContain('7946 0958');
    }

    // Masking is on the way out: the chain, which commits to the stored metadata, still verifies.
    const verified = await graphql<{ verifyActivityChain: { ok: boolean } }>(
      stack.gatewayUrl,
      auditor,
      `{ verifyActivityChain(tenantId: "${tenants.demo}") { ok } }`,
    );
    expect(verified.errors).toBeUndefined();
    expect(verified.data?.verifyActivityChain.ok).toBe(true);
  }, 120_000);
});
