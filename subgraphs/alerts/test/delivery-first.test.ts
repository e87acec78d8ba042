/**
 * ADR 154: a new alert's bookkeeping (`publishedAt`, its notification job, `notificationsQueuedAt`) lets the walls'
 * delivery of its announcement go first, and is still part of the page: the page is done, and its offset moves,
 * only once the bookkeeping is — a failure in between hands the page over again and queues the notifications.
 */
import { CONSUMER_OFFSETS_COLLECTION, TOPICS, type AlertRaisedPayload } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETECTION_GROUP } from '../src/adapters/events/detection-consumer.js';
import { failedLogin } from './support/events.js';
import { AlertsHarness } from './support/harness.js';

const TENANT = 'delivery-first';
const burst = (accountId: string, ip: string) =>
  Array.from({ length: 10 }, (_, i) => ({ ...failedLogin(i * 0.2, accountId, ip), tenantId: TENANT }));

interface Seen {
  readonly publishedAt: unknown;
  readonly notificationsQueuedAt: unknown;
  readonly jobs: number;
}

describe('bookkeeping after the walls’ delivery (ADR 154)', () => {
  const harness = new AlertsHarness();
  /** What each announcement is followed by: a check of the stored alert and its job while the page waits. */
  let onRaised: (payload: AlertRaisedPayload) => void = () => void whenHeld().then(open);
  /**
   * The page's wait for the walls' delivery, held until a test opens it: the checks run while the page is held in its
   * wait, so what they see does not depend on how fast the machine is, and a page that never waits fails `waits`.
   */
  let waits = 0;
  let held: (() => void) | undefined;
  const onHeld: (() => void)[] = [];
  const waitForDelivery = () =>
    new Promise<void>((resolve) => {
      waits += 1;
      held = resolve;
      for (const notify of onHeld.splice(0)) notify();
    });
  /** Resolves once a page is held in its wait. */
  const whenHeld = () => (held === undefined ? new Promise<void>((resolve) => onHeld.push(resolve)) : Promise.resolve());
  const open = () => {
    const release = held;
    held = undefined;
    release?.();
  };
  beforeAll(async () => {
    await harness.start({ recipients: null, env: {}, waitForDelivery });
    await harness.bus.subscribe<AlertRaisedPayload>(TOPICS.alertRaised, 'test-delivery-first', async (message) => {
      if (message.payload.tenantId === TENANT) onRaised(message.payload);
    });
  });
  afterAll(async () => {
    await harness.stop();
  });

  const collection = (name: string) => harness.db.connection.collection(name);
  const seen = async (alertId: string): Promise<Seen> => {
    const alert = await collection('alerts').findOne({ _id: alertId as never });
    const jobs = await collection('notification_jobs').countDocuments({ _id: alertId as never });
    return { publishedAt: alert?.publishedAt, notificationsQueuedAt: alert?.notificationsQueuedAt, jobs };
  };

  it('writes nothing of the bookkeeping right after the announcement, and all of it before the page is done', async () => {
    const soon: Promise<Seen>[] = [];
    const announced: string[] = [];
    onRaised = (payload) => {
      announced.push(payload.alertId);
      // Read while the page waits, then let it go on.
      soon.push(
        whenHeld()
          .then(() => seen(payload.alertId))
          .finally(open),
      );
    };
    const waited = waits;
    await harness.record(...burst('acc-first', '198.51.100.81'));
    expect(announced).toHaveLength(1);
    expect(waits - waited).toBe(1);
    expect(await soon[0]).toEqual({ publishedAt: undefined, notificationsQueuedAt: undefined, jobs: 0 });
    const after = await seen(announced[0]!);
    expect(after.publishedAt).toBeInstanceOf(Date);
    expect(after.notificationsQueuedAt).toBeInstanceOf(Date);
    expect(after.jobs).toBe(1);
  });

  it('hands the page over again when its bookkeeping fails after the announcement: the notifications are queued', async () => {
    const db = harness.db.connection.db!;
    const announced: string[] = [];
    let restoredAt = 0;
    const restored = new Promise<void>((resolve) => {
      onRaised = (payload) => {
        announced.push(payload.alertId);
        // The failure: the jobs' collection is a view (writes refused) before the page's wait ends, until a second
        // after it ended (the page's bookkeeping runs at once when it ends; a second leaves room on a loaded machine).
        void (async () => {
          await db.dropCollection('notification_jobs').catch(() => undefined);
          await db.createCollection('notification_jobs', { viewOn: 'no_jobs', pipeline: [] });
          await whenHeld();
          open();
          await new Promise((done) => setTimeout(done, 1_000));
          await db.dropCollection('notification_jobs');
          restoredAt = Date.now();
          resolve();
        })();
      };
    });
    await harness.record(...burst('acc-crash', '198.51.100.82'));
    await restored;
    await harness.settle();
    expect(announced).toHaveLength(1);
    const job = await collection('notification_jobs').findOne({ _id: announced[0] as never });
    expect(job?.createdAt.getTime()).toBeGreaterThanOrEqual(restoredAt);
    const after = await seen(announced[0]!);
    expect(after.publishedAt).toBeInstanceOf(Date);
    expect(after.notificationsQueuedAt).toBeInstanceOf(Date);
    const offset = await collection(CONSUMER_OFFSETS_COLLECTION).findOne({ group: DETECTION_GROUP, tenantId: TENANT });
    expect(offset?.sequence).toBe(20);
  });

  it('writes a page’s joins to other alerts after the pause too', async () => {
    onRaised = () => void whenHeld().then(open);
    await harness.record(...burst('acc-grows', '198.51.100.83'));
    const grows = async () =>
      (await collection('alerts').findOne({ tenantId: TENANT, accountId: 'acc-grows', ruleId: 'brute-force' }))?.magnitude;
    const before = await grows();
    const soon: Promise<unknown>[] = [];
    onRaised = () => void soon.push(whenHeld().then(grows).finally(open));
    const waited = waits;
    // One page: more failures joining acc-grows's open alert, and a new account's burst raising a new one.
    const later = (accountId: string, ip: string) =>
      burst(accountId, ip).map((event, i) => ({
        ...event,
        occurredAt: new Date(Date.parse(event.occurredAt) + 60_000 + i).toISOString(),
      }));
    await harness.record(...later('acc-grows', '198.51.100.83'), ...later('acc-joins-later', '198.51.100.84'));
    expect(soon).toHaveLength(1);
    expect(waits - waited).toBe(1);
    expect(await soon[0]).toBe(before);
    expect(await grows()).toBeGreaterThan(before as number);
  });
});
