/**
 * ADR 156: a committed batch goes on the bus before the rest of its announcement, and the consumers it wakes in this
 * process run up to their first command before the recorder's follow-up (the chain head, the first-seen marks) starts;
 * the answer still waits for all of it. Ordered by microtasks and one event-loop turn, observed with spies: no timing.
 */
import { TOPICS, type ActivityAppendedPayload } from '@vigil/core';
import { perSuite } from '@vigil/testing';
import { describe, expect, it, vi } from 'vitest';
import { ActivityRecorder } from '../src/application/activity-recorder.js';
import type { AccountKeys } from '../src/application/ports.js';
import { failedLogin, startActivityLogs } from './harness.js';

const SHIPPER = { kind: 'CLIENT', id: 'test-shipper' } as const;
const HEADS = 'activity_chain_heads';

describe('the consumers woken first (ADR 156)', () => {
  const h = perSuite(startActivityLogs);

  it('puts the batch on the bus, and lets the consumers it woke reach their first command, before the head and the marks', async () => {
    const t = 'cf-order';
    const deps = h().subgraph.services.recorderDeps;
    const steps: string[] = [];
    // The head announcement is the only use of the connection's `collection()` for the heads on this path.
    const connection = h().subgraph.services.models.events.db;
    const collection = connection.collection.bind(connection);
    const spy = vi.spyOn(connection, 'collection').mockImplementation((name, options) => {
      if (name === HEADS) steps.push('head');
      return collection(name, options);
    });
    const accountKeys: AccountKeys = {
      find: (tenantId, ids) => deps.accountKeys.find(tenantId, ids),
      keysFor: (tenantId, ids, found) => deps.accountKeys.keysFor(tenantId, ids, found),
      existingKeys: (tenantId, ids) => deps.accountKeys.existingKeys(tenantId, ids),
      allCurrent: (tenantId, keys) => deps.accountKeys.allCurrent(tenantId, keys),
      addSeen: (tenantId, seen) => (steps.push('marks'), deps.accountKeys.addSeen(tenantId, seen)),
    };
    const consumer = await h().bus.subscribe<ActivityAppendedPayload>(TOPICS.activityRecorded, 'cf-consumer', async (message) => {
      if (message.payload.tenantId !== t) return;
      steps.push('consumer woken');
      // A consumer's way to its first command: awaits without I/O (detection's lock, its page, its records).
      for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
      steps.push('consumer at its first command');
    });
    try {
      await new ActivityRecorder({ ...deps, accountKeys }).record(t, [failedLogin('acct-1')], SHIPPER);
    } finally {
      spy.mockRestore();
      await consumer.close();
    }

    expect(steps).toEqual(['consumer woken', 'consumer at its first command', expect.any(String), expect.any(String)]);
    expect(steps.slice(2).sort()).toEqual(['head', 'marks']);
    // The answer came only once both were stored.
    const head = await connection.collection<{ _id: string; sequence: number }>(HEADS).findOne({ _id: t });
    expect(head).toMatchObject({ sequence: 1 });
    const key = await connection.collection('activity_account_keys').findOne({ tenantId: t, accountId: 'acct-1' });
    expect(key?.seenCountries).toHaveLength(1);
  });
});
