import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import type { ValidActivityEvent } from '../src/domain/activity-input.js';
import type { RecordedBy } from '../src/domain/recorded-by.js';
import { ActivityRecorder, type RecordedActivity } from '../src/application/activity-recorder.js';
import { ErasureService } from '../src/application/erasure.js';
import type { AccountKeys } from '../src/application/ports.js';
import { chainChecks } from './chain-checks.js';
import { gate } from './gate.js';
import { as, failedLogin, RECORD, startActivityLogs } from './harness.js';

// What erasure must not do (ADR 131): destroy events a legal hold preserves, or leave personal data on an event
// recorded while it ran.
const ERASE = `mutation ($t: ID!, $a: ID!) { eraseAccountActivity(tenantId: $t, accountId: $a) { erasedEventCount } }`;
const HOLD = `mutation ($t: ID!, $a: ID) { placeLegalHold(tenantId: $t, accountId: $a, reason: "litigation 2026-44") { id } }`;
const RELEASE = `mutation ($t: ID!, $id: ID!) { releaseLegalHold(tenantId: $t, holdId: $id) }`;

describe('erasure and the personal-data policy', () => {
  const h = perSuite(startActivityLogs);
  const { verify } = chainChecks(h);

  it.each([
    ['an account hold on the account', 'held-account', 'acct-h' as string | null],
    ['a tenant-wide hold', 'held-tenant', null],
  ])('%s refuses the erasure (CONFLICT) and keeps the events whole until it is released', async (_, t, holdAccount) => {
    const admin = as(['ADMIN'], [t]);
    const seeded = await h().call(as(['INGEST'], [t]), RECORD, {
      tenantId: t,
      events: [failedLogin('acct-h', { metadata: { note: 'disputed charge' } })],
    });
    expect(seeded.errors).toBeUndefined();
    const hold = await h().call<{ placeLegalHold: { id: string } }>(admin, HOLD, { t, a: holdAccount });
    expect(hold.errors).toBeUndefined();

    const refused = await h().call(admin, ERASE, { t, a: 'acct-h' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toMatch(/legal hold/);
    const kept = await h().events().findOne({ tenantId: t, accountId: 'acct-h' });
    expect(kept).toMatchObject({ ip: '81.2.69.142', metadata: { note: 'disputed charge' } });
    expect(kept?.erasedAt).toBeUndefined();
    expect(await h().events().countDocuments({ tenantId: t, type: 'system.privacy.account_erased' })).toBe(0);

    await h().call(admin, RELEASE, { t, id: hold.data!.placeLegalHold.id });
    const erased = await h().call<{ eraseAccountActivity: { erasedEventCount: number } }>(admin, ERASE, { t, a: 'acct-h' });
    expect(erased.errors).toBeUndefined();
    expect(erased.data?.eraseAccountActivity.erasedEventCount).toBe(1);
  });

  it("a hold on another account does not stop this account's erasure", async () => {
    const t = 'held-other';
    const admin = as(['ADMIN'], [t]);
    await h().call(as(['INGEST'], [t]), RECORD, { tenantId: t, events: [failedLogin('acct-free')] });
    await h().call(admin, HOLD, { t, a: 'acct-other' });
    const erased = await h().call<{ eraseAccountActivity: { erasedEventCount: number } }>(admin, ERASE, {
      t,
      a: 'acct-free',
    });
    expect(erased.errors).toBeUndefined();
    expect(erased.data?.eraseAccountActivity.erasedEventCount).toBe(1);
  });

  it('an event of the account recorded while the erasure runs, ahead of its record, is erased too', async () => {
    const t = 'erasure-race';
    const { services } = h().subgraph;
    await h().call(as(['INGEST'], [t]), RECORD, { tenantId: t, events: [failedLogin('acct-r')] });

    // Another request's ingest reads the account's key before the erasure shreds it, and appends after the erasure
    // removed the stored personal data but before the erasure is recorded.
    const keyRead = gate();
    const scrubbed = gate();
    const realKeys = services.recorderDeps.accountKeys;
    const racingKeys: AccountKeys = {
      existingKeys: (tenantId, ids) => realKeys.existingKeys(tenantId, ids),
      allCurrent: (tenantId, keys) => realKeys.allCurrent(tenantId, keys),
      addSeen: (tenantId, seen) => realKeys.addSeen(tenantId, seen),
      keysFor: (tenantId, ids, found) => realKeys.keysFor(tenantId, ids, found),
      find: async (tenantId, ids) => {
        const keys = await realKeys.find(tenantId, ids);
        keyRead.open();
        await scrubbed.opened;
        return keys;
      },
    };
    const ingest = new ActivityRecorder({ ...services.recorderDeps, accountKeys: racingKeys });
    const racing = ingest.record(t, [failedLogin('acct-r', { deviceId: 'dev-racer', metadata: { email: 'r@example.org' } })], {
      kind: 'CLIENT',
      id: 'test-shipper',
    });
    class RecordAfterTheRacer extends ActivityRecorder {
      override async recordValid(
        tenantId: string,
        events: readonly ValidActivityEvent[],
        recordedBy: RecordedBy,
      ): Promise<RecordedActivity[]> {
        scrubbed.open();
        await racing;
        return super.recordValid(tenantId, events, recordedBy);
      }
    }
    const erasure = new ErasureService(services.models, new RecordAfterTheRacer(services.recorderDeps), services.retention);

    await keyRead.opened;
    const report = await erasure.eraseAccount(as(['ADMIN'], [t]), t, 'acct-r');
    const [raced] = await racing;

    expect(raced!.event.sequence).toBeLessThan(
      (await h().events().findOne({ tenantId: t, type: 'system.privacy.account_erased' }))!.sequence,
    );
    const stored = await h().events().findOne({ tenantId: t, sequence: raced!.event.sequence });
    expect(stored).not.toHaveProperty('ip');
    expect(stored).not.toHaveProperty('deviceId');
    expect(stored).not.toHaveProperty('metadata');
    expect(stored?.erasedAt).toBeInstanceOf(Date);
    expect(report.erasedEventCount).toBe(2);
    expect(await verify(t)).toMatchObject({ ok: true, breakCount: 0 });
  });

  it("removes the reviewers' flag reasons on the account's events (free text that names the customer)", async () => {
    const t = 'erasure-review';
    const admin = as(['ADMIN'], [t]);
    const seeded = await h().call<{ recordActivities: { events: { id: string }[] } }>(as(['INGEST'], [t]), RECORD, {
      tenantId: t,
      events: [failedLogin('acct-f')],
    });
    const id = seeded.data!.recordActivities.events[0]!.id;
    const flagged = await h().call(
      as(['SUPERVISOR'], [t]),
      'mutation ($id: ID!) { flagActivityEvent(id: $id, reason: "Jane Doe jane.doe@example.org +44 20 7946 0958 disputes it") { id } }',
      { id },
    );
    expect(flagged.errors).toBeUndefined();

    expect((await h().call(admin, ERASE, { t, a: 'acct-f' })).errors).toBeUndefined();

    const { data } = await h().call<{ activityEvent: { review: { flagged: boolean; flagReason: string | null } } }>(
      admin,
      'query ($id: ID!) { activityEvent(id: $id) { review { flagged flagReason } } }',
      { id },
    );
    expect(data?.activityEvent.review).toEqual({ flagged: true, flagReason: null });
    expect(JSON.stringify(await h().events().findOne({ tenantId: t, accountId: 'acct-f' }))).not.toContain('Jane Doe');
  });
});
