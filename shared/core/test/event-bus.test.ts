import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryEventBus, RedisEventBus, createLogger, type BusMessage, type EventBus } from '../src/index.js';
import { waitFor } from './wait-for.js';

const logger = createLogger({ name: 'bus-test', level: 'silent' });
const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('REDIS_URL is unset: the Redis Streams event bus tests are skipped.');

const implementations: [string, (() => EventBus) | undefined][] = [
  ['InMemoryEventBus', () => new InMemoryEventBus(logger)],
  ['RedisEventBus', REDIS_URL ? () => new RedisEventBus(REDIS_URL, logger, { claimIdleMs: 200, blockMs: 100 }) : undefined],
];

describe.each(implementations)('%s', (name, create) => {
  const buses: EventBus[] = [];
  const open = () => {
    const bus = create!();
    buses.push(bus);
    return bus;
  };
  const topic = () => `test.${randomUUID()}`;
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
  });

  it.skipIf(!create)(`delivers every message to every group, once per group (${name})`, async () => {
    const bus = open();
    const t = topic();
    const alerts: string[] = [];
    const accountsA: string[] = [];
    const accountsB: string[] = [];
    await bus.subscribe<{ n: number }>(t, 'alerts', async (m) => void alerts.push(String(m.payload.n)));
    // Two consumers in one group share the work: together they see each message once.
    await bus.subscribe<{ n: number }>(t, 'accounts', async (m) => void accountsA.push(String(m.payload.n)));
    await bus.subscribe<{ n: number }>(t, 'accounts', async (m) => void accountsB.push(String(m.payload.n)));
    for (let n = 0; n < 20; n++) await bus.publish(t, { n }, { dedupeKey: `event-${n}` });

    await waitFor('all messages in both groups', () => alerts.length === 20 && accountsA.length + accountsB.length === 20);
    expect(alerts).toEqual(Array.from({ length: 20 }, (_, n) => String(n)));
    expect([...accountsA, ...accountsB].sort()).toEqual([...alerts].sort());
  });

  it.skipIf(!create)('carries the dedupe key, topic and publish time', async () => {
    const bus = open();
    const t = topic();
    const received: BusMessage<{ eventId: string }>[] = [];
    await bus.subscribe<{ eventId: string }>(t, 'g', async (m) => void received.push(m));
    await bus.publish(t, { eventId: 'ev-1' }, { dedupeKey: 'ev-1' });
    await waitFor('one message', () => received.length === 1);
    expect(received[0]).toMatchObject({ topic: t, dedupeKey: 'ev-1', payload: { eventId: 'ev-1' } });
    expect(Number.isNaN(Date.parse(received[0]!.publishedAt))).toBe(false);
  });

  it.skipIf(!create)('redelivers a message whose handler failed (at least once)', async () => {
    const bus = open();
    const t = topic();
    let attempts = 0;
    const handled: string[] = [];
    await bus.subscribe<{ id: string }>(t, 'g', async (m) => {
      attempts += 1;
      if (attempts === 1) throw new Error('database briefly unavailable');
      handled.push(m.payload.id);
    });
    await bus.publish(t, { id: 'a' });
    await waitFor('redelivery after the failure', () => handled.length === 1, 10_000);
    expect(attempts).toBe(2);
    expect(handled).toEqual(['a']);
  });

  it.skipIf(!create)('keeps delivering other messages while a failing one waits for redelivery', async () => {
    const bus = open();
    const t = topic();
    const handled: string[] = [];
    let poisonAttempts = 0;
    await bus.subscribe<{ id: string }>(t, 'g', async (m) => {
      if (m.payload.id === 'poison' && ++poisonAttempts < 3) throw new Error('not yet');
      handled.push(m.payload.id);
    });
    await bus.publish(t, { id: 'poison' });
    await bus.publish(t, { id: 'next' });
    await waitFor('the next message and the eventual redelivery', () => handled.length === 2, 10_000);
    expect(handled).toEqual(['next', 'poison']);
    expect(poisonAttempts).toBe(3);
  });

  it.skipIf(!create)('stops delivering to a closed subscription', async () => {
    const bus = open();
    const t = topic();
    const seen: number[] = [];
    const subscription = await bus.subscribe<{ n: number }>(t, 'g', async (m) => void seen.push(m.payload.n));
    await bus.publish(t, { n: 1 });
    await waitFor('first message', () => seen.length === 1);
    await subscription.close();
    await bus.publish(t, { n: 2 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual([1]);
  });
});

describe.skipIf(!REDIS_URL)('RedisEventBus across processes', () => {
  it('hands a message left pending by a consumer that died to another consumer of the group', async () => {
    const t = `test.${randomUUID()}`;
    const dying = new RedisEventBus(REDIS_URL!, logger, { claimIdleMs: 200, blockMs: 100 });
    const survivor = new RedisEventBus(REDIS_URL!, logger, { claimIdleMs: 200, blockMs: 100 });
    try {
      let started = false;
      // The first consumer takes the message and never finishes: like a process killed mid-handler.
      await dying.subscribe(t, 'g', () => {
        started = true;
        return new Promise<void>(() => undefined);
      });
      await dying.publish(t, { id: 'x' });
      await waitFor('the first consumer took the message', () => started);

      const taken: string[] = [];
      await survivor.subscribe<{ id: string }>(t, 'g', async (m) => void taken.push(m.payload.id));
      await waitFor('the survivor claimed the stale message', () => taken.length === 1, 10_000);
      expect(taken).toEqual(['x']);
    } finally {
      await survivor.close();
      // `dying` has a handler that never settles; drop its connections without waiting for it.
      void dying.close();
    }
  });
});
