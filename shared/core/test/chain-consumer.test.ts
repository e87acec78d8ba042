/**
 * The activity chain consumer against the embedded server: it replays from its durable offsets after a
 * "crash" (a consumer dropped mid-way, a new one on the same data), needs no bus message to find work,
 * and never skips past an event whose handler failed.
 */
import { EmbeddedMongo } from '@vigil/embedded-mongo';
import { Types } from 'mongoose';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  ACTIVITY_CHAIN,
  ActivityChainConsumer,
  ConsumerOffsets,
  InMemoryEventBus,
  MongoActivityChainReader,
  TOPICS,
  activityRecordedPayloadOf,
  connectMongo,
  createLogger,
  loadConfig,
  type ActivityRecordedPayload,
  type ChainHandler,
  type MongoHandle,
} from '../src/index.js';
import { waitFor } from './wait-for.js';

const logger = createLogger({ name: 'chain-consumer-test', level: 'silent' });
const config = loadConfig({ NODE_ENV: 'test', MONGO_DATA_DIR: '' });
let mongo: EmbeddedMongo;
let db: MongoHandle;
let nextTenant = 0;
const consumers: ActivityChainConsumer[] = [];
const buses: InMemoryEventBus[] = [];

beforeAll(async () => {
  mongo = await EmbeddedMongo.start();
  db = await connectMongo(config, logger, { dbName: 'vigil_consumer_test', uri: mongo.uri });
});
afterEach(async () => {
  await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});
afterAll(async () => {
  await db?.close();
  await mongo?.stop();
});

const chainDb = () => db.connection.useDb(ACTIVITY_CHAIN.dbName, { useCache: true });

/** Appends `count` failed logins to a tenant's chain the way activity-logs stores them, and moves its head. */
async function append(tenantId: string, from: number, count: number, announce = true): Promise<void> {
  const docs = Array.from({ length: count }, (_, index) => ({
    _id: new Types.ObjectId(),
    tenantId,
    sequence: from + index,
    prevHash: 'p',
    hash: 'h',
    accountId: 'acc-1',
    type: 'user.authentication.failed',
    category: 'AUTHENTICATION',
    outcome: 'FAILURE',
    occurredAt: new Date(Date.UTC(2026, 10, 22, 10, 0, from + index)),
    recordedAt: new Date(),
    actor: { type: 'CUSTOMER' },
    ip: '203.0.113.5',
    firstSeenDevice: false,
    firstSeenCountry: false,
  }));
  await chainDb().collection(ACTIVITY_CHAIN.events).insertMany(docs);
  if (announce) {
    await chainDb()
      .collection<{ _id: string }>(ACTIVITY_CHAIN.heads)
      .updateOne({ _id: tenantId }, { $max: { sequence: from + count - 1 } }, { upsert: true });
  }
}

function consumer(
  group: string,
  handle: (payload: ActivityRecordedPayload) => Promise<void>,
  bus = new InMemoryEventBus(logger),
) {
  return follow(group, { handle }, bus);
}

function follow(group: string, handler: ChainHandler, bus = new InMemoryEventBus(logger)) {
  buses.push(bus);
  const created = new ActivityChainConsumer({
    group,
    bus,
    chain: new MongoActivityChainReader(db.connection),
    offsets: new ConsumerOffsets(db.connection),
    ...handler,
    logger,
    sweepIntervalMs: 50,
    pageSize: 7,
  });
  consumers.push(created);
  return created;
}

const tenant = () => `tenant-${++nextTenant}-${new Types.ObjectId().toHexString()}`;

it('starts a new group at the current heads, then follows every later event in order without any bus message', async () => {
  const t = tenant();
  await append(t, 1, 5);
  const seen: string[] = [];
  const first = consumer('group-new', async (payload) => void seen.push(payload.occurredAt));
  await first.start();
  await append(t, 6, 20);
  await waitFor('20 events after the start', () => seen.length === 20, 20_000);
  expect(seen).toEqual([...seen].sort());
  expect(new Set(seen).size).toBe(20);
});

it('resumes after a crash from its durable offset: every event handled, at most the in-flight one twice', async () => {
  const t = tenant();
  const group = 'group-crash';
  const seen = new Map<string, number>();
  const count = (payload: ActivityRecordedPayload) => seen.set(payload.eventId, (seen.get(payload.eventId) ?? 0) + 1);
  // The first consumer "dies" inside the handler of its 30th event: nothing after that is handled or saved.
  let handled = 0;
  let crashed = false;
  const dying = consumer(group, async (payload) => {
    if (crashed) throw new Error('process is dead');
    handled += 1;
    count(payload);
    if (handled === 30) {
      crashed = true;
      throw new Error('kill -9');
    }
  });
  await dying.start();
  await append(t, 1, 60);
  await waitFor('the crash', () => crashed, 20_000);
  await dying.stop();

  const survivor = consumer(group, async (payload) => void count(payload));
  await survivor.start();
  await waitFor('all 60 events', () => seen.size === 60, 20_000);
  await survivor.idle();
  const twice = [...seen.values()].filter((times) => times > 1).length;
  expect(twice).toBeLessThanOrEqual(1);
  expect([...seen.values()].every((times) => times >= 1)).toBe(true);
});

it('finds events whose bus message and head update were lost (a new tenant), via the wake-up or the announced head', async () => {
  const group = 'group-lost';
  const seen: string[] = [];
  const bus = new InMemoryEventBus(logger);
  const follower = consumer(group, async (payload) => void seen.push(payload.eventId), bus);
  await follower.start();
  // Head not announced: only a bus wake-up can tell; then a head announced without any bus message.
  const quiet = tenant();
  await append(quiet, 1, 3, false);
  await bus.publish(TOPICS.activityRecorded, { tenantId: quiet });
  const announced = tenant();
  await append(announced, 1, 4);
  await waitFor('both tenants', () => seen.length === 7, 20_000);
});

it('never skips an event whose handler fails: it retries until the handler succeeds, then goes on', async () => {
  const t = tenant();
  let failuresLeft = 3;
  const seen: number[] = [];
  const follower = consumer('group-retry', async (payload) => {
    const second = new Date(payload.occurredAt).getUTCSeconds();
    if (second === 2 && failuresLeft > 0) {
      failuresLeft -= 1;
      throw new Error('transient');
    }
    seen.push(second);
  });
  await follower.start();
  await append(t, 1, 4);
  await waitFor('all four', () => seen.length === 4, 20_000);
  expect(seen).toEqual([1, 2, 3, 4]);
  expect(failuresLeft).toBe(0);
});

it('hands a batch handler each page at once, in order, and retries a failed page whole before going on', async () => {
  const t = tenant();
  const batches: number[][] = [];
  let failuresLeft = 1;
  const seconds = (payloads: readonly ActivityRecordedPayload[]) => payloads.map((p) => new Date(p.occurredAt).getUTCSeconds());
  const follower = follow('group-batch', {
    handleBatch: async (payloads) => {
      // The second page fails once: nothing of it may count as handled, and nothing after it may come first.
      if (seconds(payloads)[0] === 8 && failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('transient');
      }
      batches.push(seconds(payloads));
    },
  });
  await follower.start();
  await append(t, 1, 10);
  await waitFor('all ten', () => batches.flat().length === 10, 20_000);
  // pageSize 7: the first page whole, then the rest (retried once), each event once.
  expect(batches).toEqual([
    [1, 2, 3, 4, 5, 6, 7],
    [8, 9, 10],
  ]);
  expect(failuresLeft).toBe(0);
});

it('maps a stored event to the payload activity-logs publishes, and a tombstone to nothing', () => {
  const _id = new Types.ObjectId();
  const occurredAt = new Date('2026-11-22T10:00:00Z');
  const base = { _id, tenantId: 't', sequence: 3 };
  expect(
    activityRecordedPayloadOf({
      ...base,
      accountId: 'a',
      type: 'user.authentication.failed',
      category: 'AUTHENTICATION',
      outcome: 'FAILURE',
      occurredAt,
      actor: { type: 'CUSTOMER', id: null },
      geo: { country: 'DE', city: null },
      metadata: {},
      deviceId: 'dev-1',
      firstSeenDevice: true,
      hash: 'h3',
    }),
  ).toEqual({
    eventId: _id.toHexString(),
    tenantId: 't',
    accountId: 'a',
    type: 'user.authentication.failed',
    category: 'AUTHENTICATION',
    outcome: 'FAILURE',
    occurredAt: occurredAt.toISOString(),
    actor: { type: 'CUSTOMER' },
    deviceId: 'dev-1',
    geo: { country: 'DE' },
    firstSeenDevice: true,
    firstSeenCountry: false,
    // Evidence an alert can cite and an auditor re-check: the event's place in its chain and its link hash.
    sequence: 3,
    hash: 'h3',
  });
  expect(activityRecordedPayloadOf({ ...base, purgedAt: new Date() })).toBeNull();
});

it('reads only the payload fields a consumer asks for, with the position, account, type and time always', async () => {
  const tenantId = `t-fields-${nextTenant++}`;
  await append(tenantId, 1, 3);
  const all = await new MongoActivityChainReader(db.connection).readAfter(tenantId, 0, 10);
  const some = await new MongoActivityChainReader(db.connection, { fields: ['ip'] }).readAfter(tenantId, 0, 10);
  expect(some.map((entry) => entry.sequence)).toEqual([1, 2, 3]);
  expect(all[0]?.payload).toMatchObject({ category: 'AUTHENTICATION', outcome: 'FAILURE', hash: 'h', ip: '203.0.113.5' });
  // Asked for: ip; always there: the event's id, tenant, account, type and time. Left out: the rest (defaults).
  expect(some[0]?.payload).toEqual({
    eventId: all[0]?.payload?.eventId,
    tenantId,
    accountId: 'acc-1',
    type: 'user.authentication.failed',
    category: '',
    outcome: 'UNKNOWN',
    occurredAt: all[0]?.payload?.occurredAt,
    actor: { type: 'SYSTEM' },
    ip: '203.0.113.5',
    firstSeenDevice: false,
    firstSeenCountry: false,
    sequence: 1,
  });
});

it('saves the offset of stopped catch-ups once, saveDelayMs later, not once per batch; stop() saves at once', async () => {
  const t = tenant();
  const group = 'group-deferred-save';
  const writes: number[] = [];
  class CountingOffsets extends ConsumerOffsets {
    override async advance(g: string, tenantId: string, sequence: number): Promise<void> {
      if (tenantId === t) writes.push(sequence);
      return super.advance(g, tenantId, sequence);
    }
  }
  const offsets = new CountingOffsets(db.connection);
  const seen: string[] = [];
  const follower = (saveDelayMs: number) => {
    const bus = new InMemoryEventBus(logger);
    buses.push(bus);
    const created = new ActivityChainConsumer({
      group,
      bus,
      chain: new MongoActivityChainReader(db.connection),
      offsets,
      handle: async (payload) => void seen.push(payload.eventId),
      logger,
      sweepIntervalMs: 600_000, // catch-ups start only when woken below
      saveDelayMs,
    });
    consumers.push(created);
    return created;
  };

  const patient = follower(600_000);
  await patient.start();
  for (let batch = 0; batch < 3; batch += 1) {
    await append(t, batch * 2 + 1, 2);
    patient.wake(t);
    await waitFor(`batch ${batch + 1} handled`, () => seen.length === (batch + 1) * 2, 20_000);
  }
  // Three catch-ups stopped, caught up: none wrote its offset yet (it would have been on the next event's path).
  expect(writes).toEqual([]);
  expect((await offsets.load(group)).offsets.get(t)).toBeUndefined();

  // A crash now loses no event: a new instance of the group starts from the last saved offset and hands them over again.
  const survivor = follower(600_000);
  await survivor.start();
  survivor.wake(t);
  await waitFor('the six events handed over again', () => seen.length === 12, 20_000);
  expect(new Set(seen).size).toBe(6);

  // Stopping saves at once, one write for all three catch-ups.
  await patient.stop();
  expect(writes).toEqual([6]);
  expect((await offsets.load(group)).offsets.get(t)).toBe(6);
  await survivor.stop(); // it handed the six over too, and writes its own position (offsets only move forward)
  expect(writes).toEqual([6, 6]);

  // With a short delay the timer saves by itself, once.
  const timely = follower(50);
  await timely.start();
  await append(t, 7, 2);
  timely.wake(t);
  await waitFor('the delayed save', () => writes.length === 3, 20_000);
  expect(writes).toEqual([6, 6, 8]);
  expect((await offsets.load(group)).offsets.get(t)).toBe(8);
});
