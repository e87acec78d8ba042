/**
 * The embedded server, a tenant's chain and the consumers a test starts, shared by the chain consumer's test files:
 * `useChainDatabase()` starts the server for the file and stops every consumer and bus after each test.
 */
import { EmbeddedMongo } from '@vigil/embedded-mongo';
import { Types } from 'mongoose';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  ACTIVITY_CHAIN,
  ActivityChainConsumer,
  ConsumerOffsets,
  InMemoryEventBus,
  MongoActivityChainReader,
  connectMongo,
  createLogger,
  loadConfig,
  type ActivityRecordedPayload,
  type ChainHandler,
  type MongoHandle,
} from '../src/index.js';

export const logger = createLogger({ name: 'chain-consumer-test', level: 'silent' });
const config = loadConfig({ NODE_ENV: 'test', MONGO_DATA_DIR: '' });
let mongo: EmbeddedMongo;
let db: MongoHandle;
let nextTenant = 0;
const consumers: ActivityChainConsumer[] = [];
const buses: InMemoryEventBus[] = [];

/** Stopped (consumer) or closed (bus) after the test that made it. */
export function track(made: { consumer?: ActivityChainConsumer; bus?: InMemoryEventBus }): void {
  if (made.consumer) consumers.push(made.consumer);
  if (made.bus) buses.push(made.bus);
}

export function useChainDatabase(): void {
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
}

/** The file's database connection (after `useChainDatabase()`'s start). */
export const database = (): MongoHandle => db;

const chainDb = () => db.connection.useDb(ACTIVITY_CHAIN.dbName, { useCache: true });

/** Appends `count` failed logins to a tenant's chain the way activity-logs stores them, and moves its head. */
export async function append(tenantId: string, from: number, count: number, announce = true): Promise<void> {
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

export function consumer(
  group: string,
  handle: (payload: ActivityRecordedPayload) => Promise<void>,
  bus = new InMemoryEventBus(logger),
) {
  return follow(group, { handle }, bus);
}

export function follow(group: string, handler: ChainHandler, bus = new InMemoryEventBus(logger)) {
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

export const tenant = (): string => `tenant-${++nextTenant}-${new Types.ObjectId().toHexString()}`;
