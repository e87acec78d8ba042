/**
 * Staff changes to a customer account (createAccount, updateAccount) land in the account's tamper-evident timeline
 * as Vigil-written `agent.action.account.*` events: who, what changed, contact values only in their masked form
 * (erased with the account's other personal data), nothing for a change that changes nothing, and a log shipper
 * cannot forge one: its look-alike of a staff change names the shipper as who recorded it (ADR 145).
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

interface AuditEvent {
  type: string;
  actor: { type: string; id: string | null } | null;
  metadata: Record<string, unknown> | null;
  erasedAt: string | null;
}
const ACCOUNT_EVENTS = `query ($tenantId: ID!, $accountId: ID!) {
  activityEvents(tenantId: $tenantId, accountId: $accountId, first: 50, filter: { typePrefix: "agent.action.account." }) {
    edges { node { type actor { type id } metadata erasedAt } }
  }
}`;

async function accountEvents(token: string, accountId: string, expected: number): Promise<AuditEvent[]> {
  let events: AuditEvent[] = [];
  for (const deadline = Date.now() + 30_000; events.length < expected && Date.now() < deadline;) {
    const answer = await graphql<{ activityEvents: { edges: Array<{ node: AuditEvent }> } | null }>(
      stack.gatewayUrl,
      token,
      ACCOUNT_EVENTS,
      { tenantId: tenants.demo, accountId },
    );
    expect(answer.errors).toBeUndefined();
    events = answer.data?.activityEvents?.edges.map((edge) => edge.node) ?? [];
    if (events.length < expected) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return events;
}

const CREATE = `mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateAccountInput!) { updateAccount(id: $id, input: $input) { id } }`;

describe('staff changes to an account in its audit timeline', () => {
  it('names the supervisor, the action and the fields; contact values masked, erased with the account', async () => {
    const supervisor = await stack.token({ roles: ['SUPERVISOR'], tenants: [tenants.demo], subject: agents.supervisor });
    const created = await graphql<{ createAccount: { id: string } }>(stack.gatewayUrl, supervisor, CREATE, {
      input: { tenantId: tenants.demo, displayName: 'Morgan Audit', email: 'morgan.first@example.com', phone: '+15555550188' },
    });
    expect(created.errors).toBeUndefined();
    const accountId = created.data!.createAccount.id;

    const changes = {
      email: 'morgan.second@example.org',
      contactChannels: [
        { type: 'EMAIL', address: 'morgan.second@example.org', verified: true, alertsOptedOut: false },
        { type: 'SMS', address: '+15555550199', verified: false, alertsOptedOut: false },
      ],
    };
    const updated = await graphql(stack.gatewayUrl, supervisor, UPDATE, { id: accountId, input: changes });
    expect(updated.errors).toBeUndefined();
    // The same values again change nothing, so they must not read as a second change.
    const unchanged = await graphql(stack.gatewayUrl, supervisor, UPDATE, { id: accountId, input: changes });
    expect(unchanged.errors).toBeUndefined();

    const auditor = await stack.token({ roles: ['AUDITOR'], tenants: [tenants.demo], subject: agents.auditor });
    const events = await accountEvents(auditor, accountId, 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const settled = await accountEvents(auditor, accountId, 2);
    expect(settled.map((event) => event.type).sort()).toEqual(['agent.action.account.created', 'agent.action.account.updated']);
    for (const event of events) expect(event.actor).toEqual({ type: 'AGENT', id: agents.supervisor });

    const byType = new Map(settled.map((event) => [event.type, event]));
    expect(byType.get('agent.action.account.created')!.metadata).toMatchObject({
      after_email: 'm***@example.com',
      after_phone: '+1******0188',
      after_status: 'ACTIVE',
    });
    const update = byType.get('agent.action.account.updated')!.metadata!;
    expect(update).toMatchObject({
      changedFields: ['contactChannels', 'email'],
      before_email: 'm***@example.com',
      after_email: 'm***@example.org',
    });
    expect(update.after_contactChannels).toEqual(['EMAIL m***@example.org verified', 'SMS +1******0199']);
    const text = JSON.stringify(settled);
    for (const clear of ['morgan.first', 'morgan.second', '5550188', '5550199']) expect(text).not.toContain(clear);

    // The floor does not read the evidence at all.
    const agent = await stack.token({ roles: ['AGENT'], tenants: [tenants.demo], subject: agents.agent });
    const floor = await accountEvents(agent, accountId, 2);
    expect(floor.map((event) => event.metadata)).toEqual([null, null]);

    const admin = await stack.token({ roles: ['ADMIN', 'AUDITOR'], tenants: [tenants.demo], subject: agents.admin });
    const erased = await graphql(
      stack.gatewayUrl,
      admin,
      `mutation { eraseAccountActivity(tenantId: "${tenants.demo}", accountId: "${accountId}") { erasedEventCount } }`,
    );
    expect(erased.errors).toBeUndefined();
    const afterErasure = await accountEvents(auditor, accountId, 2);
    expect(afterErasure.map((event) => event.type).sort()).toEqual([
      'agent.action.account.created',
      'agent.action.account.updated',
    ]);
    for (const event of afterErasure) {
      expect(event.erasedAt).not.toBeNull();
      expect(event.actor).toEqual({ type: 'AGENT', id: agents.supervisor });
      expect(JSON.stringify(event.metadata ?? {})).not.toContain('@example');
    }
    const verified = await graphql<{ verifyActivityChain: { ok: boolean } }>(
      stack.gatewayUrl,
      auditor,
      `{ verifyActivityChain(tenantId: "${tenants.demo}") { ok } }`,
    );
    expect(verified.data?.verifyActivityChain.ok).toBe(true);
  });

  it("tells a shipper's look-alike of a staff change from the one Vigil attested: each names who recorded it (ADR 145)", async () => {
    const supervisor = await stack.token({ roles: ['SUPERVISOR'], tenants: [tenants.demo], subject: agents.supervisor });
    const created = await graphql<{ createAccount: { id: string } }>(stack.gatewayUrl, supervisor, CREATE, {
      input: { tenantId: tenants.demo, displayName: 'Riley Provenance', email: 'riley@example.com' },
    });
    expect(created.errors).toBeUndefined();
    const accountId = created.data!.createAccount.id;

    // A client-writable type, an AGENT actor naming the real supervisor: accepted, and indistinguishable by its actor.
    const shipper = await stack.token({ roles: ['INGEST'], tenants: [tenants.demo], subject: 'svc-lookalike' });
    const lookAlike = {
      accountId,
      type: 'account.contact.email_changed',
      occurredAt: new Date().toISOString(),
      actorType: 'AGENT',
      actorId: agents.supervisor,
    };
    const recorded = await graphql<{ recordActivities: { recordedCount: number } }>(
      stack.gatewayUrl,
      shipper,
      `mutation ($events: [ActivityEventInput!]!) { recordActivities(tenantId: "${tenants.demo}", events: $events) { recordedCount } }`,
      { events: [lookAlike] },
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data?.recordActivities.recordedCount).toBe(1);

    const auditor = await stack.token({ roles: ['AUDITOR'], tenants: [tenants.demo], subject: agents.auditor });
    interface Recorded {
      type: string;
      actor: { type: string; id: string | null };
      recordedBy: { kind: string; id: string } | null;
    }
    const timeline = async (recordedBy?: string): Promise<Recorded[]> => {
      const answer = await graphql<{ activityEvents: { edges: Array<{ node: Recorded }> } }>(
        stack.gatewayUrl,
        auditor,
        `
          query ($tenantId: ID!, $accountId: ID!, $filter: ActivityFilter) {
            activityEvents(tenantId: $tenantId, accountId: $accountId, first: 50, filter: $filter) {
              edges {
                node {
                  type
                  actor {
                    type
                    id
                  }
                  recordedBy {
                    kind
                    id
                  }
                }
              }
            }
          }
        `,
        { tenantId: tenants.demo, accountId, filter: recordedBy ? { recordedBy } : null },
      );
      expect(answer.errors).toBeUndefined();
      return answer.data!.activityEvents.edges.map((edge) => edge.node);
    };
    // The staff action reaches the chain over the bus (the outbox relay): wait for it.
    let events: Recorded[] = [];
    for (const deadline = Date.now() + 30_000; events.length < 2 && Date.now() < deadline;) {
      events = await timeline();
      if (events.length < 2) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const byType = new Map(events.map((event) => [event.type, event]));
    expect(byType.get('account.contact.email_changed')).toEqual({
      type: 'account.contact.email_changed',
      actor: { type: 'AGENT', id: agents.supervisor },
      recordedBy: { kind: 'CLIENT', id: 'svc-lookalike' },
    });
    expect(byType.get('agent.action.account.created')).toEqual({
      type: 'agent.action.account.created',
      actor: { type: 'AGENT', id: agents.supervisor },
      recordedBy: { kind: 'VIGIL', id: 'agent-actions' },
    });
    // "Staff actions Vigil attested" is one query; the look-alike is only among what clients recorded.
    expect((await timeline('VIGIL')).map((event) => event.type)).toEqual(['agent.action.account.created']);
    expect((await timeline('CLIENT')).map((event) => event.type)).toEqual(['account.contact.email_changed']);

    const verified = await graphql<{ verifyActivityChain: { ok: boolean } }>(
      stack.gatewayUrl,
      auditor,
      `{ verifyActivityChain(tenantId: "${tenants.demo}") { ok } }`,
    );
    expect(verified.data?.verifyActivityChain.ok).toBe(true);
  });

  it('refuses the account audit types from a log shipper', async () => {
    const shipper = await stack.token({ roles: ['INGEST'], tenants: [tenants.demo], subject: 'svc-forger' });
    for (const type of ['agent.action.account.updated', 'agent.action.account.created']) {
      const forged = await graphql(
        stack.gatewayUrl,
        shipper,
        `mutation ($events: [ActivityEventInput!]!) { recordActivities(tenantId: "${tenants.demo}", events: $events) { recordedCount } }`,
        {
          events: [
            {
              accountId: DEMO_SEED.accounts.jordan,
              type,
              occurredAt: new Date().toISOString(),
              actorType: 'AGENT',
              actorId: agents.supervisor,
              metadata: { changedFields: ['email'] },
            },
          ],
        },
      );
      expect(forged.errors?.[0]?.extensions?.code, type).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(forged.errors?.[0]?.extensions?.fields), type).toContain('is reserved');

      const shipped = await fetch(`${new URL(stack.gatewayUrl).origin}/activity/events?tenantId=${tenants.demo}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${shipper}`, 'content-type': 'application/x-ndjson' },
        body: `${JSON.stringify({ accountId: DEMO_SEED.accounts.jordan, type, occurredAt: new Date().toISOString(), actorType: 'AGENT', actorId: agents.supervisor })}\n`,
      });
      expect(await shipped.json(), type).toMatchObject({
        recorded: 0,
        rejected: 1,
        errors: [{ line: 1, message: expect.stringContaining('reserved') }],
      });
    }
    const auditor = await stack.token({ roles: ['AUDITOR'], tenants: [tenants.demo], subject: agents.auditor });
    expect(await accountEvents(auditor, DEMO_SEED.accounts.jordan, 0)).toEqual([]);
  });

  it("refuses a log shipper the idempotency keys of Vigil's audit records", async () => {
    // The relay drops a record once its key is in the chain, whoever wrote it: a client holding the key would erase it.
    const shipper = await stack.token({ roles: ['INGEST'], tenants: [tenants.demo], subject: 'svc-forger' });
    for (const idempotencyKey of ['agent-action:0b0f7c0e-5c1a-4c43-9a8e-2f0d8f1c2b3a', 'admin-action:7d3c']) {
      const claimed = await graphql(
        stack.gatewayUrl,
        shipper,
        `mutation ($events: [ActivityEventInput!]!) { recordActivities(tenantId: "${tenants.demo}", events: $events) { recordedCount } }`,
        {
          events: [
            {
              accountId: DEMO_SEED.accounts.jordan,
              type: 'account.profile.updated',
              occurredAt: new Date().toISOString(),
              idempotencyKey,
            },
          ],
        },
      );
      expect(claimed.errors?.[0]?.extensions?.code, idempotencyKey).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(claimed.errors?.[0]?.extensions?.fields), idempotencyKey).toContain('reserved');
    }
  });
});
