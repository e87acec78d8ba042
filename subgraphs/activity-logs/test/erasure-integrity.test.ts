import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { chainChecks } from './chain-checks.js';
import { as, startActivityLogs } from './harness.js';

// Erasure against the hash chain: erasing pseudonymises and still verifies; forged erasures are reported.
/** What an erasure leaves on an event, written by hand: without the erasure record the chain must report it. */
const FAKE_ERASURE = { $unset: { ip: 1, geo: 1, metadata: 1, userAgent: 1 }, $set: { erasedAt: new Date() } };

describe('tamper evidence', () => {
  const h = perSuite(startActivityLogs);
  const { seed, verify, alter } = chainChecks(h);

  it('erasure pseudonymises PII in every event of the account and the chain still verifies', async () => {
    await seed('erasure', 9);
    const admin = as(['ADMIN'], ['erasure']);
    const { data, errors } = await h().call<{ eraseAccountActivity: { erasedEventCount: number; erasureEventId: string } }>(
      admin,
      'mutation { eraseAccountActivity(tenantId: "erasure", accountId: "acct-1") { erasedEventCount erasureEventId } }',
    );
    expect(errors).toBeUndefined();
    expect(data?.eraseAccountActivity.erasedEventCount).toBe(3);
    const stored = await h()
      .events()
      .find({ tenantId: 'erasure', accountId: 'acct-1', type: 'user.authentication.failed' })
      .toArray();
    expect(stored).toHaveLength(3);
    for (const event of stored) {
      expect(event.ip).toBeUndefined();
      expect(event.geo).toBeUndefined();
      expect(event.metadata).toBeUndefined();
      expect(event.userAgent).toBeUndefined();
      expect(event.erasedAt).toBeInstanceOf(Date);
    }
    expect(
      await h()
        .db.connection.collection('activity_account_keys')
        .countDocuments({ tenantId: 'erasure', accountId: 'acct-1', seenDevices: { $ne: [] } }),
    ).toBe(0);
    const untouched = await h().events().findOne({ tenantId: 'erasure', accountId: 'acct-0' });
    expect(untouched?.ip).toBe('81.2.69.142');
    expect(await verify('erasure')).toMatchObject({ ok: true, verifiedCount: 10 });
  });

  it('an event marked erased without a recorded erasure is reported', async () => {
    await seed('fake-erasure', 3);
    await alter('fake-erasure', 2, FAKE_ERASURE);
    expect((await verify('fake-erasure')).firstBreak).toMatchObject({ sequence: 2, reason: 'UNRECORDED_ERASURE' });
  });

  it('after a real erasure, personal data written back onto an erased event is reported and never read back', async () => {
    await seed('erasure-rewrite', 3);
    const admin = as(['ADMIN'], ['erasure-rewrite']);
    const erased = await h().call(
      admin,
      'mutation { eraseAccountActivity(tenantId: "erasure-rewrite", accountId: "acct-1") { erasedEventCount } }',
    );
    expect(erased.errors).toBeUndefined();
    expect((await verify('erasure-rewrite')).ok).toBe(true);
    await alter('erasure-rewrite', 2, { $set: { ip: '203.0.113.9', metadata: { note: 'forged' } } });
    const report = await verify('erasure-rewrite');
    expect(report.breaks).toEqual([expect.objectContaining({ sequence: 2, reason: 'PII_AFTER_ERASURE' })]);
    const stored = await h().events().findOne({ tenantId: 'erasure-rewrite', sequence: 2 });
    const { data } = await h().call<{ activityEvent: { ip: string | null } }>(
      as(['AUDITOR'], ['erasure-rewrite']),
      'query ($id: ID!) { activityEvent(id: $id) { ip } }',
      { id: String(stored!._id) },
    );
    expect(data?.activityEvent.ip).toBeNull();
  });

  it('an erasure marker on events recorded after the account was erased is reported', async () => {
    await seed('late-erasure', 3);
    const admin = as(['ADMIN'], ['late-erasure']);
    await h().call(
      admin,
      'mutation { eraseAccountActivity(tenantId: "late-erasure", accountId: "acct-0") { erasedEventCount } }',
    );
    await seed('late-erasure', 1); // acct-0 again, after its erasure (sequence 5)
    await alter('late-erasure', 5, FAKE_ERASURE);
    expect((await verify('late-erasure')).breaks).toEqual([
      expect.objectContaining({ sequence: 5, reason: 'UNRECORDED_ERASURE' }),
    ]);
  });
});
