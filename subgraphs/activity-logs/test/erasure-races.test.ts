/**
 * ADR 138: the two races ADR 131 left open, reproduced with gates (not timing) on a real database. An ingest that read
 * the account's key before the erasure shredded it and appends after the erasure record must not leave personal data
 * committed under the shredded key; a legal hold placed while an erasure runs must not be overrun by it.
 */
import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { ActivityRecorder } from '../src/application/activity-recorder.js';
import { ErasureService } from '../src/application/erasure.js';
import type { AccountKeys } from '../src/application/ports.js';
import { chainChecks } from './chain-checks.js';
import { gate } from './gate.js';
import { as, failedLogin, RECORD, startActivityLogs } from './harness.js';

const ERASED = 'system.privacy.account_erased';
const HOLD = `mutation ($t: ID!, $a: ID) { placeLegalHold(tenantId: $t, accountId: $a, reason: "litigation 2026-51") { id } }`;

describe('erasure races', () => {
  const h = perSuite(startActivityLogs);
  const { verify } = chainChecks(h);

  it('an event drafted under the shredded key and appended after the erasure record carries no personal data, and the chain verifies', async () => {
    const t = 'erasure-late-append';
    const { services } = h().subgraph;
    await h().call(as(['INGEST'], [t]), RECORD, { tenantId: t, events: [failedLogin('acct-l')] });

    // Another request's ingest reads the account's key, then waits until the whole erasure is over before appending.
    const keyRead = gate();
    const erasureOver = gate();
    const realKeys = services.recorderDeps.accountKeys;
    const drafted = new Map<string, Buffer>();
    const slowKeys: AccountKeys = {
      existingKeys: (tenantId, ids) => realKeys.existingKeys(tenantId, ids),
      allCurrent: (tenantId, keys) => realKeys.allCurrent(tenantId, keys),
      addSeen: (tenantId, seen) => realKeys.addSeen(tenantId, seen),
      keysFor: (tenantId, ids, found) => realKeys.keysFor(tenantId, ids, found),
      find: async (tenantId, ids) => {
        const keys = await realKeys.find(tenantId, ids);
        drafted.set('acct-l', keys.get('acct-l')!.key);
        keyRead.open();
        await erasureOver.opened;
        return keys;
      },
    };
    const late = new ActivityRecorder({ ...services.recorderDeps, accountKeys: slowKeys }).record(
      t,
      [failedLogin('acct-l', { deviceId: 'dev-late', metadata: { email: 'late@example.org' } })],
      { kind: 'CLIENT', id: 'test-shipper' },
    );
    await keyRead.opened;
    // The check after each append is one count, answered yes while the key is the drafted one.
    expect(await realKeys.allCurrent(t, drafted)).toBe(true);
    const report = await services.erasure.eraseAccount(as(['ADMIN'], [t]), t, 'acct-l');
    expect(await realKeys.allCurrent(t, drafted)).toBe(false);
    erasureOver.open();
    const [recorded] = await late;

    const erasure = await h().events().findOne({ tenantId: t, type: ERASED });
    expect(erasure?._id.toHexString()).toBe(report.erasureEventId);
    expect(recorded!.event.sequence).toBeGreaterThan(erasure!.sequence);
    const stored = await h().events().findOne({ tenantId: t, sequence: recorded!.event.sequence });
    for (const field of ['ip', 'deviceId', 'metadata', 'userAgent', 'geo']) expect(stored).not.toHaveProperty(field);
    expect(JSON.stringify(recorded!.event)).not.toContain('81.2.69.142');
    // Both erasure records are Vigil's: the erasure's own, and the one after the late batch (ADR 145).
    const records = await h().events().find({ tenantId: t, type: ERASED }).sort({ sequence: 1 }).toArray();
    expect(records.map((record) => record.recordedBy)).toEqual([
      { kind: 'VIGIL', id: 'account-erasure' },
      { kind: 'VIGIL', id: 'late-erasure' },
    ]);
    expect(await verify(t)).toMatchObject({ ok: true, breakCount: 0 });
  });

  it.each([
    ['an account hold', 'erasure-hold-race', 'acct-x' as string | null],
    ['a tenant-wide hold', 'erasure-tenant-hold-race', null],
  ])('%s placed after the hold check and before the key is shredded is refused, not overrun', async (_, t, holdAccount) => {
    const admin = as(['ADMIN'], [t]);
    const { services } = h().subgraph;
    await h().call(as(['INGEST'], [t]), RECORD, { tenantId: t, events: [failedLogin('acct-x')] });

    // The erasure pauses right before it shreds the key, after deciding no hold stops it.
    const aboutToShred = gate();
    const shred = gate();
    const keys = services.models.accountKeys;
    const pausingKeys = new Proxy(keys, {
      get(target, property, receiver) {
        if (property !== 'deleteOne') return Reflect.get(target, property, receiver) as unknown;
        return async (filter: Parameters<typeof keys.deleteOne>[0]) => {
          aboutToShred.open();
          await shred.opened;
          return target.deleteOne(filter);
        };
      },
    });
    const erasure = new ErasureService({ ...services.models, accountKeys: pausingKeys }, services.recorder, services.retention);
    const erasing = erasure.eraseAccount(admin, t, 'acct-x').then(
      (report) => ({ report }),
      (error: unknown) => ({ error }),
    );
    await aboutToShred.opened;
    const hold = await h().call(admin, HOLD, { t, a: holdAccount });
    shred.open();
    const outcome = await erasing;

    // Never both: a hold that was placed must find the events whole.
    const held = hold.errors === undefined;
    const erased = 'report' in outcome;
    expect(held && erased).toBe(false);
    // The erasure had begun: the hold is refused (CONFLICT) and the administrator learns why.
    expect(hold.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(hold.errors?.[0]?.message).toMatch(/erasure/);
    expect(erased).toBe(true);
  });
});
