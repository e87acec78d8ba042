import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ACTIVITY_CATEGORIES, signUpstreamIdentity } from '@vigil/core';
import { as, failedLogin, RECORD, startActivityLogs } from './harness.js';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const VERIFY = `query ($t: ID!) { verifyActivityChain(tenantId: $t) { ok fromSequence verifiedCount purgedCount anchoredAtCheckpoint firstBreak { sequence reason } } }`;
const PURGE = `mutation ($t: ID!) { purgeExpiredActivity(tenantId: $t) { blockedByLegalHold purgedCount purgedByCategory { category count } compactedCount anchoredAtCheckpoint purgeEventId } }`;

describe('retention, legal hold, custom types, live timeline', () => {
  const h = perSuite(startActivityLogs);

  async function seedAged(tenantId: string, accounts: string[], ageDays: number, count: number) {
    const events = Array.from({ length: count }, (_, index) => ({
      accountId: accounts[index % accounts.length],
      type: 'usage.feature.used',
      occurredAt: daysAgo(ageDays),
    }));
    const { errors } = await h().call(as(['INGEST'], [tenantId]), RECORD, { tenantId, events });
    expect(errors).toBeUndefined();
  }

  const admin = (tenantId: string) => as(['ADMIN'], [tenantId], 'admin-1');

  it('validates retention bounds (30 days to 7 years) and is ADMIN only', async () => {
    const tooShort = await h().call(
      admin('r0'),
      'mutation { setActivityRetention(tenantId: "r0", category: USAGE, days: 7) { tenantId } }',
    );
    expect(tooShort.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooShort.errors?.[0]?.message).toContain('30');
    const byAgent = await h().call(
      as(['AGENT'], ['r0']),
      'mutation { setActivityRetention(tenantId: "r0", category: USAGE, days: 30) { tenantId } }',
    );
    expect(byAgent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ok = await h().call<{ setActivityRetention: { categories: { category: string; days: number }[] } }>(
      admin('r0'),
      'mutation { setActivityRetention(tenantId: "r0", category: USAGE, days: 30) { categories { category days } } }',
    );
    expect(ok.data?.setActivityRetention.categories).toContainEqual({ category: 'USAGE', days: 30 });
  });

  it('purges expired events to tombstones, records the purge, compacts to a checkpoint, and the chain still verifies', async () => {
    const t = 'r1';
    await seedAged(t, ['a1', 'a2'], 100, 6); // sequences 1..6, checkpoint signed at 6 (every 5 in tests)
    const recent = await h().call(as(['INGEST'], [t]), RECORD, {
      tenantId: t,
      events: [failedLogin('a1', { occurredAt: daysAgo(1) }), failedLogin('a2', { occurredAt: daysAgo(1) })],
    });
    expect(recent.errors).toBeUndefined();
    await h().call(admin(t), `mutation { setActivityRetention(tenantId: "${t}", category: USAGE, days: 30) { tenantId } }`);

    const { data, errors } = await h().call<{ purgeExpiredActivity: Record<string, unknown> }>(admin(t), PURGE, { t });
    expect(errors).toBeUndefined();
    expect(data?.purgeExpiredActivity).toMatchObject({
      blockedByLegalHold: false,
      purgedCount: 6,
      purgedByCategory: [{ category: 'USAGE', count: 6 }],
      compactedCount: 6,
      anchoredAtCheckpoint: 6,
    });
    const purgeEvent = await h().events().findOne({ tenantId: t, type: 'system.retention.purged' });
    expect(purgeEvent).toMatchObject({
      category: 'SYSTEM',
      metadata: { purgedCount: 6, purged_usage: 6 },
      recordedBy: { kind: 'VIGIL', id: 'retention-purge' },
    });
    // Each category's cut-off, so copies of these events elsewhere (alerts' detection history) follow the policy.
    const metadata = (purgeEvent?.metadata ?? {}) as Record<string, unknown>;
    for (const category of ACTIVITY_CATEGORIES) expect(metadata).toHaveProperty(`cutoff_${category.toLowerCase()}`);
    const usageCutoff = Date.parse(String(metadata.cutoff_usage));
    expect(Math.abs(usageCutoff - (Date.now() - 30 * 86_400_000))).toBeLessThan(3_600_000);
    expect(await h().events().countDocuments({ tenantId: t })).toBe(3);
    const verified = await h().call<{ verifyActivityChain: Record<string, unknown> }>(as(['AUDITOR'], [t]), VERIFY, { t });
    expect(verified.data?.verifyActivityChain).toMatchObject({
      ok: true,
      fromSequence: 7,
      verifiedCount: 3,
      anchoredAtCheckpoint: 6,
      firstBreak: null,
    });
  });

  it('keeps tombstones in the middle of the chain verifiable', async () => {
    const t = 'r2';
    await h().call(as(['INGEST'], [t]), RECORD, { tenantId: t, events: [failedLogin('a1', { occurredAt: daysAgo(1) })] });
    // One aged event names its customer by email: the chain holds a pseudonym, the event the address (ADR 140).
    const named = await h().call(as(['INGEST'], [t]), RECORD, {
      tenantId: t,
      events: [
        {
          accountId: 'a1',
          type: 'usage.feature.used',
          occurredAt: daysAgo(100),
          actorType: 'CUSTOMER',
          actorId: 'jane.doe@example.org',
        },
      ],
    });
    expect(named.errors).toBeUndefined();
    await seedAged(t, ['a1'], 100, 1);
    expect(
      await h()
        .events()
        .countDocuments({ tenantId: t, actorIdentity: { $exists: true } }),
    ).toBe(1);
    await h().call(admin(t), `mutation { setActivityRetention(tenantId: "${t}", category: USAGE, days: 30) { tenantId } }`);
    const { data } = await h().call<{ purgeExpiredActivity: Record<string, unknown> }>(admin(t), PURGE, { t });
    expect(data?.purgeExpiredActivity).toMatchObject({ purgedCount: 2, compactedCount: 0 });
    // A tombstone keeps its link only: who recorded it (ADR 145) and every personal value, the customer's address
    // behind a pseudonymised actor id included, go with the rest of the content.
    const tombstones = await h()
      .events()
      .find({ tenantId: t, purgedAt: { $exists: true } })
      .toArray();
    expect(tombstones).toHaveLength(2);
    for (const tombstone of tombstones) {
      expect(tombstone).not.toHaveProperty('recordedBy');
      expect(tombstone).not.toHaveProperty('actorIdentity');
      expect(JSON.stringify(tombstone)).not.toContain('jane.doe');
    }
    const verified = await h().call<{ verifyActivityChain: Record<string, unknown> }>(as(['AUDITOR'], [t]), VERIFY, { t });
    expect(verified.data?.verifyActivityChain).toMatchObject({ ok: true, fromSequence: 1, verifiedCount: 4, purgedCount: 2 });
  });

  it("an account legal hold keeps that account's events; a tenant-wide hold blocks the purge", async () => {
    const t = 'r3';
    await seedAged(t, ['held', 'free'], 100, 4);
    await h().call(admin(t), `mutation { setActivityRetention(tenantId: "${t}", category: USAGE, days: 30) { tenantId } }`);
    await h().call(
      admin(t),
      `mutation { placeLegalHold(tenantId: "${t}", accountId: "held", reason: "litigation 2026-17") { id } }`,
    );
    const accountHold = await h().call<{ purgeExpiredActivity: { purgedCount: number } }>(admin(t), PURGE, { t });
    expect(accountHold.data?.purgeExpiredActivity.purgedCount).toBe(2);
    expect(await h().events().countDocuments({ tenantId: t, accountId: 'held' })).toBe(2);

    const t2 = 'r4';
    await seedAged(t2, ['a'], 100, 2);
    await h().call(admin(t2), `mutation { setActivityRetention(tenantId: "${t2}", category: USAGE, days: 30) { tenantId } }`);
    const hold = await h().call<{ placeLegalHold: { id: string } }>(
      admin(t2),
      `mutation { placeLegalHold(tenantId: "${t2}", reason: "regulator inquiry") { id } }`,
    );
    const blocked = await h().call<{ purgeExpiredActivity: Record<string, unknown> }>(admin(t2), PURGE, { t: t2 });
    expect(blocked.data?.purgeExpiredActivity).toMatchObject({ blockedByLegalHold: true, purgedCount: 0 });
    await h().call(admin(t2), `mutation { releaseLegalHold(tenantId: "${t2}", holdId: "${hold.data!.placeLegalHold.id}") }`);
    const released = await h().call<{ purgeExpiredActivity: Record<string, unknown> }>(admin(t2), PURGE, { t: t2 });
    expect(released.data?.purgeExpiredActivity).toMatchObject({ blockedByLegalHold: false, purgedCount: 2 });
  });

  it('tenants register custom.* types; other tenants still cannot use them', async () => {
    const register = await h().call<{ registerCustomEventType: Record<string, unknown> }>(
      admin('c1'),
      'mutation { registerCustomEventType(tenantId: "c1", type: "custom.loyalty.points_redeemed", category: TRANSACTION, description: "Loyalty points redeemed") { type category } }',
    );
    expect(register.data?.registerCustomEventType).toEqual({ type: 'custom.loyalty.points_redeemed', category: 'TRANSACTION' });
    const event = { accountId: 'a', type: 'custom.loyalty.points_redeemed', occurredAt: daysAgo(0.01) };
    const own = await h().call(as(['INGEST'], ['c1']), RECORD, { tenantId: 'c1', events: [event] });
    expect(own.errors).toBeUndefined();
    const other = await h().call(as(['INGEST'], ['c2']), RECORD, { tenantId: 'c2', events: [event] });
    expect(other.errors?.[0]?.message).toContain('Register it first');
  });

  it("streams Subscription.activityRecorded for the account, in the caller's tenant only, masked by role", async () => {
    const wsUrl = h().url.replace('http', 'ws');
    const query = 'subscription ($accountId: ID!) { activityRecorded(accountId: $accountId) { type accountId ip } }';
    const subscribe = (roles: ('AGENT' | 'SECURITY_ANALYST')[], tenants: string[]) => {
      const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
      const received: Record<string, unknown>[] = [];
      const variables = { accountId: 'live-1' };
      const extensions = {
        vigilIdentity: signUpstreamIdentity(
          as(roles, tenants),
          { query, variables },
          { key: h().config.GATEWAY_SIGNING_KEY, audience: 'activity-logs' },
        ),
      };
      const done = new Promise<void>((resolve, reject) => {
        client.subscribe(
          { query, variables, extensions },
          {
            next: (value) => received.push((value.data as { activityRecorded: Record<string, unknown> }).activityRecorded),
            error: reject,
            complete: resolve,
          },
        );
      });
      return { client, received, done };
    };
    const analyst = subscribe(['SECURITY_ANALYST'], ['live']);
    const agent = subscribe(['AGENT'], ['live']);
    const stranger = subscribe(['SECURITY_ANALYST'], ['not-live']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await h().call(as(['INGEST'], ['live']), RECORD, { tenantId: 'live', events: [failedLogin('live-1')] });
    await h().call(as(['INGEST'], ['live']), RECORD, { tenantId: 'live', events: [failedLogin('someone-else')] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(analyst.received).toEqual([{ type: 'user.authentication.failed', accountId: 'live-1', ip: '81.2.69.142' }]);
    expect(agent.received).toEqual([{ type: 'user.authentication.failed', accountId: 'live-1', ip: '81.2.69.x' }]);
    expect(stranger.received).toEqual([]);
    for (const { client } of [analyst, agent, stranger]) await client.dispose();
  });
});
