/**
 * ADR 160: the recorder builds a live payload (`Subscription.activityRecorded`) only for an account someone watches,
 * asked of the pubsub per event; a watcher still gets every event of its account, with the same payload as before.
 */
import { perSuite } from '@vigil/testing';
import { describe, expect, it, vi } from 'vitest';
import { ACTIVITY_RECORDED_CHANNEL, type LiveActivityPayload } from '../src/adapters/events/wire-payloads.js';
import { ActivityRecorder } from '../src/application/activity-recorder.js';
import { failedLogin, startActivityLogs } from './harness.js';

const SHIPPER = { kind: 'CLIENT', id: 'test-shipper' } as const;

describe('live payloads only for watched accounts (ADR 160)', () => {
  const h = perSuite(startActivityLogs);

  it('publishes the events of the watched account, and builds nothing for the others', async () => {
    const t = 'live-watched';
    const { pubsub } = h();
    const watched = pubsub.subscribe(ACTIVITY_RECORDED_CHANNEL, 'acct-watched');
    const publish = vi.spyOn(pubsub, 'publish');
    try {
      const batch = [
        failedLogin('acct-other'),
        failedLogin('acct-watched'),
        failedLogin('acct-other'),
        failedLogin('acct-watched'),
      ];
      await new ActivityRecorder(h().subgraph.services.recorderDeps).record(t, batch, SHIPPER);

      expect(publish.mock.calls.map(([channel, accountId]) => [channel, accountId])).toEqual([
        [ACTIVITY_RECORDED_CHANNEL, 'acct-watched'],
        [ACTIVITY_RECORDED_CHANNEL, 'acct-watched'],
      ]);
      const first = (await watched.next()).value as LiveActivityPayload;
      const second = (await watched.next()).value as LiveActivityPayload;
      expect([first.accountId, second.accountId]).toEqual(['acct-watched', 'acct-watched']);
      expect(second.sequence).toBeGreaterThan(first.sequence);
      expect(first).toMatchObject({ tenantId: t, type: 'user.authentication.failed', ip: '81.2.69.142' });
    } finally {
      publish.mockRestore();
      await watched.return?.();
    }
  });
});
