/**
 * Every account id a mutation or an ingested line names must be an account of the tenant it acts in: another
 * tenant's account and a missing one get the same NOT_FOUND, whatever tenants the caller may otherwise see.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OWNED_ENTITIES, signHttpRouteRequest, UPSTREAM_IDENTITY_HEADER } from '@vigil/core';
import { as, nextInstant, startActivityLogs, type Harness } from './harness.js';

const OURS = 'acc-demo-owned';
const THEIRS = 'acc-acme-owned';
const MISSING = 'acc-nobody';
const RECORD = `mutation ($tenantId: ID!, $events: [ActivityEventInput!]!) {
  recordActivities(tenantId: $tenantId, events: $events) { recordedCount }
}`;

describe('activity-logs: account ids are checked against the tenant', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startActivityLogs({ realAccounts: true });
    const accounts = h.db.connection
      .useDb(OWNED_ENTITIES.account.dbName)
      .collection<{ _id: string; tenantId: string }>('accounts');
    await accounts.insertMany([
      { _id: OURS, tenantId: 'demo' },
      { _id: THEIRS, tenantId: 'acme' },
    ]);
  });
  afterAll(async () => {
    await h?.stop();
  });

  // A caller of both tenants is the strongest case: only the reference is wrong, not the caller's access.
  const ingest = as(['INGEST'], ['demo', 'acme'], 'crm-1');
  const admin = as(['ADMIN'], ['demo', 'acme'], 'admin-1');
  const login = (accountId: string) => ({ accountId, type: 'user.session.start', occurredAt: nextInstant() });

  it('recordActivities: records for our account, NOT_FOUND for another tenant’s or a missing one, nothing written', async () => {
    const ok = await h.call(ingest, RECORD, { tenantId: 'demo', events: [login(OURS)] });
    expect(ok.errors).toBeUndefined();
    const before = await h.events().countDocuments();
    for (const accountId of [THEIRS, MISSING]) {
      const refused = await h.call(ingest, RECORD, { tenantId: 'demo', events: [login(OURS), login(accountId)] });
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(refused.errors?.[0]?.message).toBe(`No account "${accountId}" in tenant "demo".`);
    }
    expect(await h.events().countDocuments()).toBe(before);
  });

  it('recordActivities: the account check, sent with the batch’s reads (ADR 153), still answers before a bad item and leaves no outbox entry', async () => {
    const outbox = h.db.connection.collection('activity_outbox');
    const badItem = { ...login(OURS), type: 'user.authentcation.failed' };
    const both = await h.call(ingest, RECORD, { tenantId: 'demo', events: [badItem, login(THEIRS)] });
    expect(both.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await h.call(ingest, RECORD, { tenantId: 'demo', events: [badItem] })).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    const before = await h.events().countDocuments();
    const refused = await h.call(ingest, RECORD, { tenantId: 'demo', events: [login(OURS), login(MISSING)] });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await h.events().countDocuments()).toBe(before);
    await vi.waitFor(async () => expect(await outbox.countDocuments({ tenantId: 'demo' })).toBe(0));
  });

  it('NDJSON ingestion rejects the lines naming another tenant’s or a missing account, with the same message', async () => {
    const path = '/activity/events?tenantId=demo';
    const body = [login(OURS), login(THEIRS), login(MISSING)].map((event) => JSON.stringify(event)).join('\n');
    const response = await fetch(`${new URL(h.url).origin}${path}`, {
      method: 'POST',
      headers: {
        [UPSTREAM_IDENTITY_HEADER]: signHttpRouteRequest(ingest, 'POST', path, {
          key: h.config.GATEWAY_SIGNING_KEY,
          audience: 'activity-logs',
        }),
        'content-type': 'application/x-ndjson',
      },
      body,
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as { recorded: number; rejected: number; errors: { line: number; message: string }[] };
    expect(report.recorded).toBe(1);
    expect(report.rejected).toBe(2);
    expect(report.errors).toEqual([
      { line: 2, field: 'accountId', message: `No account "${THEIRS}" in tenant "demo".` },
      { line: 3, field: 'accountId', message: `No account "${MISSING}" in tenant "demo".` },
    ]);
  });

  it('placeLegalHold and eraseAccountActivity: NOT_FOUND for another tenant’s or a missing account', async () => {
    const hold = `mutation ($accountId: ID) { placeLegalHold(tenantId: "demo", reason: "litigation", accountId: $accountId) { id } }`;
    const erase = `mutation ($accountId: ID!) { eraseAccountActivity(tenantId: "demo", accountId: $accountId) { erasedEventCount } }`;
    expect((await h.call(admin, hold, { accountId: OURS })).errors).toBeUndefined();
    for (const accountId of [THEIRS, MISSING]) {
      for (const query of [hold, erase]) {
        const refused = await h.call(admin, query, { accountId });
        expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
        expect(refused.errors?.[0]?.message).toBe(`No account "${accountId}" in tenant "demo".`);
      }
    }
  });

  it('releaseLegalHold: NOT_FOUND for another tenant’s hold id, as for a missing one', async () => {
    const placed = await h.call<{ placeLegalHold: { id: string } }>(
      admin,
      'mutation { placeLegalHold(tenantId: "acme", reason: "audit") { id } }',
    );
    const holdId = placed.data!.placeLegalHold.id;
    for (const id of [holdId, 'no-such-hold']) {
      const refused = await h.call(admin, `mutation ($id: ID!) { releaseLegalHold(tenantId: "demo", holdId: $id) }`, { id });
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });
});
