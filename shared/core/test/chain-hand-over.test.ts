/**
 * The entries activity-logs hands over with its `activity.recorded` message in the same process (ADR 104): a
 * consumer right before the batch handles them without reading the chain; any other consumer position reads the
 * chain, which stays the source of truth; and the entries are exactly what a chain read returns.
 */
import { EmbeddedMongo } from '@vigil/embedded-mongo';
import { Types } from 'mongoose';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  ACTIVITY_CHAIN,
  ActivityChainConsumer,
  AppendedChainEntries,
  ConsumerOffsets,
  InMemoryEventBus,
  MAX_HANDED_OVER,
  MongoActivityChainReader,
  TOPICS,
  connectMongo,
  createLogger,
  loadConfig,
  type ActivityAppendedPayload,
  type ActivityRecordedPayload,
  type ChainEntry,
  type MongoHandle,
} from '../src/index.js';
import { waitFor } from './wait-for.js';

const logger = createLogger({ name: 'chain-hand-over-test', level: 'silent' });
const config = loadConfig({ NODE_ENV: 'test', MONGO_DATA_DIR: '' });
let mongo: EmbeddedMongo;
let db: MongoHandle;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  mongo = await EmbeddedMongo.start();
  db = await connectMongo(config, logger, { dbName: 'vigil_hand_over_test', uri: mongo.uri });
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});
afterAll(async () => {
  await db?.close();
  await mongo?.stop();
});

const chainDb = () => db.connection.useDb(ACTIVITY_CHAIN.dbName, { useCache: true });
const tenant = () => `tenant-${new Types.ObjectId().toHexString()}`;

/** Failed logins as activity-logs stores them; `hash` tells a handed-over copy from the stored one. */
function docsOf(tenantId: string, from: number, count: number, hash = 'stored') {
  return Array.from({ length: count }, (_, index) => ({
    _id: new Types.ObjectId(),
    tenantId,
    sequence: from + index,
    prevHash: 'p',
    hash,
    accountId: 'acc-1',
    type: 'user.authentication.failed',
    category: 'AUTHENTICATION',
    outcome: 'FAILURE' as const,
    occurredAt: new Date(Date.UTC(2026, 10, 22, 10, 0, from + index)),
    actor: { type: 'CUSTOMER' as const },
    ip: '203.0.113.5',
    metadata: { reason: 'bad password', attempt: from + index },
    firstSeenDevice: false,
    firstSeenCountry: false,
  }));
}

/**
 * A batch consumer whose chain reader counts its page reads (the head is never announced: no sweep finds work).
 * `gate`: every batch waits for it (a consumer behind its messages); `handOverBudget`: the consumer's option.
 */
async function follower(bus: InMemoryEventBus, options: { gate?: Promise<void>; handOverBudget?: number } = {}) {
  const reader = new MongoActivityChainReader(db.connection);
  const reads: number[] = [];
  const chain = {
    heads: () => reader.heads(),
    scanHeads: () => reader.scanHeads(),
    recordedKeys: (tenantId: string, keys: readonly string[]) => reader.recordedKeys(tenantId, keys),
    readAfter: (tenantId: string, after: number, limit: number): Promise<ChainEntry[]> => {
      reads.push(after);
      return reader.readAfter(tenantId, after, limit);
    },
  };
  const handled: ActivityRecordedPayload[] = [];
  const batches: number[] = [];
  const consumer = new ActivityChainConsumer({
    group: `hand-over-${new Types.ObjectId().toHexString()}`,
    bus,
    chain,
    offsets: new ConsumerOffsets(db.connection),
    handleBatch: async (payloads) => {
      await options.gate;
      handled.push(...payloads);
      batches.push(payloads.length);
    },
    logger,
    sweepIntervalMs: 50,
    handOverBudget: options.handOverBudget,
  });
  await consumer.start();
  stops.push(() => consumer.stop());
  return { handled, reads, batches };
}

async function announce(bus: InMemoryEventBus, docs: ReturnType<typeof docsOf>, local: AppendedChainEntries | null) {
  const payload: ActivityAppendedPayload = {
    tenantId: docs[0]!.tenantId,
    fromSequence: docs[0]!.sequence,
    toSequence: docs.at(-1)!.sequence,
  };
  await bus.publish(TOPICS.activityRecorded, payload, local === null ? {} : { local });
}

function newBus(): InMemoryEventBus {
  const bus = new InMemoryEventBus(logger);
  stops.push(() => bus.close());
  return bus;
}

it('hands over exactly what a chain read returns', async () => {
  const t = tenant();
  const docs = docsOf(t, 1, 3);
  await chainDb().collection(ACTIVITY_CHAIN.events).insertMany(docs);
  const read = await new MongoActivityChainReader(db.connection).readAfter(t, 0, 10);
  expect(AppendedChainEntries.of(docs)?.entries).toEqual(read);
  // Not one tenant's consecutive sequences: nothing to hand over.
  expect(AppendedChainEntries.of([docs[0]!, docs[2]!])).toBeNull();
  expect(AppendedChainEntries.of([...docsOf(t, 4, 1), ...docsOf(tenant(), 5, 1)])).toBeNull();
});

it('a consumer right before the batch handles the handed-over entries without reading the chain', async () => {
  const bus = newBus();
  const { handled, reads } = await follower(bus);
  const t = tenant();
  const stored = docsOf(t, 1, 4);
  await chainDb().collection(ACTIVITY_CHAIN.events).insertMany(stored);
  // The copy carries another hash: which one the handler saw tells where the events came from.
  await announce(bus, stored, AppendedChainEntries.of(stored.map((doc) => ({ ...doc, hash: 'handed-over' }))));
  await waitFor('the batch handled', () => handled.length === 4, 20_000);
  expect(handled.map((payload) => [payload.sequence, payload.hash])).toEqual([
    [1, 'handed-over'],
    [2, 'handed-over'],
    [3, 'handed-over'],
    [4, 'handed-over'],
  ]);
  expect(reads).toEqual([]);
});

it('a batch larger than a page is handed over too, and handled a page at a time without reading the chain', async () => {
  const bus = newBus();
  const { handled, reads, batches } = await follower(bus);
  const t = tenant();
  const stored = docsOf(t, 1, 450);
  await chainDb().collection(ACTIVITY_CHAIN.events).insertMany(stored);
  await announce(bus, stored, AppendedChainEntries.of(stored.map((doc) => ({ ...doc, hash: 'handed-over' }))));
  await waitFor('the batch handled', () => handled.length === 450, 20_000);
  expect(batches).toEqual([100, 100, 100, 100, 50]);
  expect(handled.every((payload) => payload.hash === 'handed-over')).toBe(true);
  expect(reads).toEqual([]);
  // Past the largest batch one call may record, nothing is handed over.
  expect(AppendedChainEntries.of(docsOf(t, 1, MAX_HANDED_OVER))).not.toBeNull();
  expect(AppendedChainEntries.of(docsOf(t, 1, MAX_HANDED_OVER + 1))).toBeNull();
});

it('reads the chain up to the handed-over entries when they start later than its position, and when none came', async () => {
  const bus = newBus();
  const { handled, reads } = await follower(bus);
  const t = tenant();
  const first = docsOf(t, 1, 2);
  const second = docsOf(t, 3, 2);
  await chainDb()
    .collection(ACTIVITY_CHAIN.events)
    .insertMany([...first, ...second]);
  // Only the second batch's message arrives (the first one was lost): its entries do not continue position 0, so
  // the events before them are read from the chain, and the handed-over ones follow.
  await announce(bus, second, AppendedChainEntries.of(second.map((doc) => ({ ...doc, hash: 'handed-over' }))));
  await waitFor('both batches handled', () => handled.length === 4, 20_000);
  expect(handled.map((payload) => [payload.sequence, payload.hash])).toEqual([
    [1, 'stored'],
    [2, 'stored'],
    [3, 'handed-over'],
    [4, 'handed-over'],
  ]);
  expect(reads).toEqual([0]);

  // A message without entries (another process's): read from the chain too.
  const third = docsOf(t, 5, 1);
  await chainDb().collection(ACTIVITY_CHAIN.events).insertMany(third);
  await announce(bus, third, null);
  await waitFor('the third batch handled', () => handled.length === 5, 20_000);
  expect(handled[4]).toMatchObject({ sequence: 5, hash: 'stored' });
  expect(reads).toContain(4);
});

it('takes the handed-over entries when nothing is left in the chain before them (deleted events)', async () => {
  const bus = newBus();
  const { handled, reads } = await follower(bus);
  const t = tenant();
  // Sequences 1 and 2 are gone from the chain (purged); 3 and 4 are committed and handed over.
  const later = docsOf(t, 3, 2);
  await chainDb().collection(ACTIVITY_CHAIN.events).insertMany(later);
  await announce(bus, later, AppendedChainEntries.of(later.map((doc) => ({ ...doc, hash: 'handed-over' }))));
  await waitFor('the batch handled', () => handled.length === 2, 20_000);
  expect(handled.map((payload) => [payload.sequence, payload.hash])).toEqual([
    [3, 'handed-over'],
    [4, 'handed-over'],
  ]);
  expect(reads[0]).toBe(0);
});

/** `batches` batches of `size` events stored and announced (each handed over) while the consumer waits at its gate. */
async function announceWhileBehind(bus: InMemoryEventBus, t: string, batches: number, size: number) {
  for (let batch = 0; batch < batches; batch += 1) {
    const stored = docsOf(t, 1 + batch * size, size);
    await chainDb().collection(ACTIVITY_CHAIN.events).insertMany(stored);
    await announce(bus, stored, AppendedChainEntries.of(stored.map((doc) => ({ ...doc, hash: 'handed-over' }))));
  }
}

it('a consumer behind several batches keeps every one it was handed and reads none of them back (ADR 116)', async () => {
  const bus = newBus();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const { handled, reads } = await follower(bus, { gate });
  const t = tenant();
  // 3 × 500 events wait behind the first page: more than one batch (MAX_HANDED_OVER) is kept for the tenant.
  await announceWhileBehind(bus, t, 3, 500);
  open();
  await waitFor('every batch handled', () => handled.length === 1500, 20_000);
  expect(handled.map((payload) => payload.sequence)).toEqual(Array.from({ length: 1500 }, (_, i) => i + 1));
  expect(handled.every((payload) => payload.hash === 'handed-over')).toBe(true);
  // At most the check after the last event (the messages that came during the catch-up wake it once more).
  expect(reads.filter((after) => after < 1500)).toEqual([]);
});

it('past its budget a consumer reads back what it dropped, and still handles every event once, in order', async () => {
  const bus = newBus();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const { handled, reads } = await follower(bus, { gate, handOverBudget: 600 });
  const t = tenant();
  await announceWhileBehind(bus, t, 3, 500);
  open();
  await waitFor('every batch handled', () => handled.length === 1500, 20_000);
  expect(handled.map((payload) => payload.sequence)).toEqual(Array.from({ length: 1500 }, (_, i) => i + 1));
  // The newest 600 were kept; the 800 events before them (after the first page, taken before the gate) were read.
  const sources = handled.map((payload) => payload.hash);
  expect(sources.slice(-600).every((hash) => hash === 'handed-over')).toBe(true);
  expect(sources.slice(100, 900).every((hash) => hash === 'stored')).toBe(true);
  expect(reads.length).toBeGreaterThan(0);
});
