import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryPubSub, RedisPubSub, createLogger, type VigilPubSub } from '../src/index.js';

const logger = createLogger({ name: 'pubsub-test', level: 'silent' });
const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('REDIS_URL is unset: the Redis pub/sub tests are skipped.');

const implementations: [string, (() => VigilPubSub) | undefined][] = [
  ['InMemoryPubSub', () => new InMemoryPubSub()],
  ['RedisPubSub', REDIS_URL ? () => new RedisPubSub(REDIS_URL, logger) : undefined],
];

/** Redis SUBSCRIBE is asynchronous: wait until the server confirmed it before publishing. */
async function ready(pubsub: VigilPubSub): Promise<void> {
  if (pubsub instanceof RedisPubSub) await pubsub.ready();
}

describe.each(implementations)('%s', (_name, create) => {
  const open: VigilPubSub[] = [];
  const make = () => {
    const pubsub = create!();
    open.push(pubsub);
    return pubsub;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((pubsub) => pubsub.close()));
  });

  it.skipIf(!create)('delivers published payloads in order to every subscriber of the key', async () => {
    const pubsub = make();
    const key = `ALERT_RAISED_${Math.random()}`;
    const first = pubsub.subscribe(key);
    const second = pubsub.subscribe(key);
    await ready(pubsub);
    pubsub.publish(key, { alertId: 'a1' });
    pubsub.publish(key, { alertId: 'a2' });
    expect((await first.next()).value).toEqual({ alertId: 'a1' });
    expect((await first.next()).value).toEqual({ alertId: 'a2' });
    expect((await second.next()).value).toEqual({ alertId: 'a1' });
  });

  it.skipIf(!create)('routes by dynamic id: a tenant subscriber sees only its tenant', async () => {
    const pubsub = make();
    const key = `ALERT_RAISED_${Math.random()}`;
    const demo = pubsub.subscribe(key, 'demo');
    await ready(pubsub);
    pubsub.publish(key, 'acme', { alertId: 'acme-1' });
    pubsub.publish(key, 'demo', { alertId: 'demo-1' });
    expect((await demo.next()).value).toEqual({ alertId: 'demo-1' });
  });

  it.skipIf(!create)('ends the iterator on return() and stops buffering for it', async () => {
    const pubsub = make();
    const key = `K_${Math.random()}`;
    const iterator = pubsub.subscribe(key);
    await ready(pubsub);
    const pending = iterator.next();
    await iterator.return?.();
    expect(await pending).toEqual({ value: undefined, done: true });
    pubsub.publish(key, { late: true });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });
});

describe.skipIf(!REDIS_URL)('RedisPubSub across processes', () => {
  it('delivers a payload published by one instance to a subscriber of another', async () => {
    const publisher = new RedisPubSub(REDIS_URL!, logger);
    const subscriber = new RedisPubSub(REDIS_URL!, logger);
    try {
      const key = `CROSS_${Math.random()}`;
      const iterator = subscriber.subscribe(key, 'demo');
      await subscriber.ready();
      publisher.publish(key, 'demo', { alertId: 'x', raisedAt: '2026-01-01T00:00:00.000Z' });
      expect((await iterator.next()).value).toEqual({ alertId: 'x', raisedAt: '2026-01-01T00:00:00.000Z' });
    } finally {
      await publisher.close();
      await subscriber.close();
    }
  });
});

describe('listens (ADR 160: publishers skip payloads nobody receives)', () => {
  it('in memory: true exactly while the channel, dynamic id included, has a subscriber', async () => {
    const pubsub = new InMemoryPubSub();
    expect(pubsub.listens('ACTIVITY', 'acct-1')).toBe(false);
    const first = pubsub.subscribe('ACTIVITY', 'acct-1');
    const second = pubsub.subscribe('ACTIVITY', 'acct-1');
    expect(pubsub.listens('ACTIVITY', 'acct-1')).toBe(true);
    expect(pubsub.listens('ACTIVITY', 'acct-2')).toBe(false);
    expect(pubsub.listens('ACTIVITY')).toBe(false);
    await first.return?.();
    expect(pubsub.listens('ACTIVITY', 'acct-1')).toBe(true);
    await second.return?.();
    expect(pubsub.listens('ACTIVITY', 'acct-1')).toBe(false);
    await pubsub.close();
  });

  it('through Redis: always, since subscribers in other processes are not known here', () => {
    // An instance without its connections (none are needed to answer).
    const pubsub: VigilPubSub = Object.create(RedisPubSub.prototype) as RedisPubSub;
    expect(pubsub.listens('ACTIVITY', 'acct-1')).toBe(true);
  });
});
