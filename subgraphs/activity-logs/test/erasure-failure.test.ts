/**
 * ADR 143: an erasure that fails part-way (the key shredded and the events scrubbed, the record not written) leaves
 * its mark: no legal hold is placed on the half-erased account, a hold says why, and running the erasure again
 * finishes it (the record is written, the chain verifies) and lifts the mark.
 */
import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import type { ActivityRecorder } from '../src/application/activity-recorder.js';
import { ErasureService } from '../src/application/erasure.js';
import { chainChecks } from './chain-checks.js';
import { as, failedLogin, RECORD, startActivityLogs } from './harness.js';

const ERASED = 'system.privacy.account_erased';
const ERASE = `mutation ($t: ID!, $a: ID!) { eraseAccountActivity(tenantId: $t, accountId: $a) { erasedEventCount } }`;
const HOLD = `mutation ($t: ID!, $a: ID) { placeLegalHold(tenantId: $t, accountId: $a, reason: "litigation 2026-60") { id } }`;

describe('an erasure that fails part-way', () => {
  const h = perSuite(startActivityLogs);
  const { verify } = chainChecks(h);

  it('refuses legal holds on the account until it is run again to the end', async () => {
    const t = 'erasure-failed';
    const admin = as(['ADMIN'], [t]);
    const { services } = h().subgraph;
    await h().call(as(['INGEST'], [t]), RECORD, { tenantId: t, events: [failedLogin('acct-f'), failedLogin('acct-f')] });

    // The chain append of the erasure record fails (the database went away after the scrub).
    const failingRecorder = {
      recordValid: async () => {
        throw new Error('connection reset while appending');
      },
    } as unknown as ActivityRecorder;
    const failing = new ErasureService(services.models, failingRecorder, services.retention);
    await expect(failing.eraseAccount(admin, t, 'acct-f')).rejects.toThrow(/connection reset/);
    expect(await h().events().countDocuments({ tenantId: t, type: ERASED })).toBe(0);

    // Half-erased: a hold now would claim to preserve events whose personal data is already gone.
    for (const account of ['acct-f', null]) {
      const hold = await h().call(admin, HOLD, { t, a: account });
      expect(hold.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(hold.errors?.[0]?.message).toMatch(/did not finish.*run it again/);
    }

    // The unfinished erasure is listed where holds are read, so it is found before a hold is tried.
    const unfinished = () =>
      h().call<{ activityRetention: { unfinishedErasures: { accountId: string; failedAt: string | null }[] } }>(
        admin,
        `query ($t: ID!) { activityRetention(tenantId: $t) { unfinishedErasures { accountId failedAt } } }`,
        { t },
      );
    const listed = await unfinished();
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.activityRetention.unfinishedErasures).toEqual([{ accountId: 'acct-f', failedAt: expect.any(String) }]);

    // Run again, it finishes: the record is written once, every event of the account is erased, the chain verifies.
    const again = await h().call<{ eraseAccountActivity: { erasedEventCount: number } }>(admin, ERASE, { t, a: 'acct-f' });
    expect(again.errors).toBeUndefined();
    expect(await h().events().countDocuments({ tenantId: t, type: ERASED })).toBe(1);
    expect(
      await h()
        .events()
        .countDocuments({ tenantId: t, accountId: 'acct-f', erasedAt: { $exists: false } }),
    ).toBe(1);
    expect(await verify(t)).toMatchObject({ ok: true, breakCount: 0 });

    expect((await unfinished()).data?.activityRetention.unfinishedErasures).toEqual([]);
    // Finished: the account may be held again (what is left of it).
    const hold = await h().call(admin, HOLD, { t, a: 'acct-f' });
    expect(hold.errors).toBeUndefined();
  });
});
