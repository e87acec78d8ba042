/**
 * ADR 153: a batch's independent MongoDB commands go out together — its reads with its outbox entry, the head's
 * signature with the late-erasure count — without giving up what the order used to guarantee: no event written before
 * the account references passed, the outbox entry stored before any event and listing the events appended, nothing
 * announced before the head is signed and the count answered, no key created for a re-sent duplicate. The steps are
 * held with gates (not timing) on a real database.
 */
import { perSuite } from '@vigil/testing';
import { notFound } from '@vigil/core';
import { describe, expect, it, vi } from 'vitest';
import { ActivityRecorder, type ActivityRecorderDeps } from '../src/application/activity-recorder.js';
import type { CheckpointService } from '../src/application/checkpoints.js';
import type { AccountKeys, ActivityAnnouncer, EventChain } from '../src/application/ports.js';
import { gate } from './gate.js';
import { failedLogin, startActivityLogs } from './harness.js';

const SHIPPER = { kind: 'CLIENT', id: 'test-shipper' } as const;

/**
 * The recorder's stores, each command noted by name as it is sent (and a few as they are answered: "… answered");
 * `hold` keeps the named one waiting on a gate before it is sent.
 */
function tracedDeps(
  deps: ActivityRecorderDeps,
  hold: Partial<Record<'idempotency' | 'outbox' | 'sign', Promise<void>>> & { countFails?: Error } = {},
) {
  const sent: string[] = [];
  const chain: EventChain = {
    findByIdempotencyKeys: async (tenantId, keys) => {
      sent.push('idempotency');
      await hold.idempotency;
      const found = await deps.chain.findByIdempotencyKeys(tenantId, keys);
      sent.push('idempotency answered');
      return found;
    },
    openOutbox: async (tenantId, ids) => {
      sent.push('outbox');
      await hold.outbox;
      const id = await deps.chain.openOutbox(tenantId, ids);
      sent.push('outbox answered');
      return id;
    },
    append: (tenantId, drafts, afterCommit) => (sent.push('append'), deps.chain.append(tenantId, drafts, afterCommit)),
    eraseEvents: (tenantId, ids) => deps.chain.eraseEvents(tenantId, ids),
  };
  const accountKeys: AccountKeys = {
    find: async (tenantId, ids) => {
      sent.push('keys');
      const found = await deps.accountKeys.find(tenantId, ids);
      sent.push('keys answered');
      return found;
    },
    keysFor: (tenantId, ids, found) => deps.accountKeys.keysFor(tenantId, ids, found),
    existingKeys: (tenantId, ids) => deps.accountKeys.existingKeys(tenantId, ids),
    allCurrent: async (tenantId, keys) => {
      sent.push('count');
      if (hold.countFails) throw hold.countFails;
      return deps.accountKeys.allCurrent(tenantId, keys);
    },
    addSeen: (tenantId, seen) => deps.accountKeys.addSeen(tenantId, seen),
  };
  const checkpoints = Object.assign(Object.create(deps.checkpoints) as CheckpointService, {
    afterAppend: async (tenantId: string, head: Parameters<CheckpointService['afterAppend']>[1]) => {
      sent.push('sign');
      await hold.sign;
      return deps.checkpoints.afterAppend(tenantId, head);
    },
  });
  return { sent, deps: { ...deps, chain, accountKeys, checkpoints } };
}

/** A promise settled from outside: the account references check, answered when the test says. */
function pendingCheck() {
  let reject!: (err: unknown) => void;
  let resolve!: () => void;
  const promise = new Promise<void>((yes, no) => ((resolve = yes), (reject = no)));
  return { promise, resolve, reject };
}

describe('ingestion round trips (ADR 153)', () => {
  const h = perSuite(startActivityLogs);
  const outbox = () => h().db.connection.collection('activity_outbox');

  it('sends the idempotency read, the key read and the outbox entry together, and writes no event before the references passed', async () => {
    const t = 'rt-together';
    const idempotency = gate();
    const { sent, deps } = tracedDeps(h().subgraph.services.recorderDeps, { idempotency: idempotency.opened });
    const check = pendingCheck();
    const recording = new ActivityRecorder(deps).record(
      t,
      [failedLogin('acct-1', { idempotencyKey: 'k-1' })],
      SHIPPER,
      check.promise,
    );

    // The key read and the outbox entry do not wait for the idempotency read.
    await vi.waitFor(() => expect(sent.filter((name) => !name.includes(' ')).sort()).toEqual(['idempotency', 'keys', 'outbox']));
    await vi.waitFor(async () => expect(await outbox().countDocuments({ tenantId: t })).toBe(1));
    idempotency.open();
    // Every read answered, the references not yet: nothing is appended.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).not.toContain('append');
    check.reject(notFound(`No account "acct-1" in tenant "${t}".`));
    await expect(recording).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(await h().events().countDocuments({ tenantId: t })).toBe(0);
    // The refused batch's entry is cleared: the relay has nothing to announce.
    await vi.waitFor(async () => expect(await outbox().countDocuments({ tenantId: t })).toBe(0));
  });

  it('stores the outbox entry before any event, and a crash before the announcement leaves the relay the appended events', async () => {
    const t = 'rt-crash';
    const { services } = h().subgraph;
    const old = failedLogin('acct-2', { idempotencyKey: 'k-old' });
    await services.recorder.record(t, [old], SHIPPER);
    const announcedBefore = h().announced(t);
    const real = services.recorderDeps.announcer;
    // What a kill -9 between the commit and the announcement leaves (the entry, the events, nothing announced).
    const crashing: ActivityAnnouncer = {
      publish: async () => {
        throw new Error('process died');
      },
      discard: (id) => real.discard(id),
      republishPending: (olderThanMs) => real.republishPending(olderThanMs),
    };
    const outboxHeld = gate();
    const { sent, deps } = tracedDeps({ ...services.recorderDeps, announcer: crashing }, { outbox: outboxHeld.opened });
    const batch = [
      old,
      failedLogin('acct-2', { idempotencyKey: 'k-new-1' }),
      failedLogin('acct-3', { idempotencyKey: 'k-new-2' }),
    ];
    const recording = new ActivityRecorder(deps).record(t, batch, SHIPPER);
    // Both reads answered, the outbox entry not stored yet: no event is appended.
    await vi.waitFor(() => expect(sent).toEqual(expect.arrayContaining(['idempotency answered', 'keys answered'])));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).not.toContain('append');
    outboxHeld.open();
    await expect(recording).rejects.toThrow('process died');
    expect(sent.indexOf('outbox answered')).toBeLessThan(sent.indexOf('append'));

    const appended = await h().events().find({ tenantId: t }).sort({ sequence: 1 }).toArray();
    expect(appended.map((event) => event.idempotencyKey)).toEqual(['k-old', 'k-new-1', 'k-new-2']);
    const [entry] = await outbox().find({ tenantId: t }).toArray();
    expect(entry).toMatchObject({ tenantId: t, createdAt: expect.any(Date) });
    expect(entry?.eventIds.map(String)).toEqual(expect.arrayContaining(appended.slice(1).map((event) => String(event._id))));
    await services.recorder.republishPending(0);
    await h().bus.idle();
    expect(h().announced(t)).toEqual([...announcedBefore, 2, 3]);
    expect(await outbox().countDocuments({ tenantId: t })).toBe(0);
  });

  it('a re-sent duplicate creates no key for an account that has none, and leaves no outbox entry', async () => {
    const t = 'rt-duplicate';
    const { services } = h().subgraph;
    const event = failedLogin('acct-4', { idempotencyKey: 'k-dup' });
    await services.recorder.record(t, [event], SHIPPER);
    const keys = h().db.connection.collection('activity_account_keys');
    // As after an erasure that shredded the key and wrote no record of its own yet.
    await keys.deleteOne({ tenantId: t, accountId: 'acct-4' });

    const [again] = await services.recorder.record(t, [event], SHIPPER);
    expect(again?.duplicate).toBe(true);
    expect(await keys.countDocuments({ tenantId: t, accountId: 'acct-4' })).toBe(0);
    await vi.waitFor(async () => expect(await outbox().countDocuments({ tenantId: t })).toBe(0));
  });

  it('sends the late-erasure count while the head is being signed, and announces nothing before both answered', async () => {
    const t = 'rt-sign';
    const sign = gate();
    const { sent, deps } = tracedDeps(h().subgraph.services.recorderDeps, { sign: sign.opened });
    const recording = new ActivityRecorder(deps).record(t, [failedLogin('acct-5')], SHIPPER);

    await vi.waitFor(() => expect(sent).toContain('sign'));
    // The count goes out while the signature is held.
    await vi.waitFor(() => expect(sent).toContain('count'));
    expect(sent.indexOf('append')).toBeLessThan(sent.indexOf('count'));
    await h().bus.idle();
    expect(h().announced(t)).toEqual([]);
    sign.open();
    await recording;
    await h().bus.idle();
    expect(h().announced(t)).toEqual([1]);
    expect(await h().db.connection.collection('activity_checkpoints').countDocuments({ tenantId: t, sequence: 1 })).toBe(1);
  });

  it('a failed count still waits for the signature: the append ends, and the next one signs, only after both settled', async () => {
    const t = 'rt-count-fails';
    const sign = gate();
    const { sent, deps } = tracedDeps(h().subgraph.services.recorderDeps, {
      sign: sign.opened,
      countFails: new Error('count failed'),
    });
    let settled = false;
    const recording = new ActivityRecorder(deps).record(t, [failedLogin('acct-6')], SHIPPER).finally(() => (settled = true));
    recording.catch(() => undefined);

    await vi.waitFor(() => expect(sent).toEqual(expect.arrayContaining(['sign', 'count'])));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    sign.open();
    await expect(recording).rejects.toThrow('count failed');
    expect(await h().db.connection.collection('activity_checkpoints').countDocuments({ tenantId: t, sequence: 1 })).toBe(1);
    await h().bus.idle();
    expect(h().announced(t)).toEqual([]);
  });
});
