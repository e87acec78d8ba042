/**
 * ADR 147: records of some types written before a chain consumer's group first ran (an erasure) are handed to it
 * once, up to where the group started, a bounded range at a time, resuming after a stop where it got to.
 */
import { EmbeddedMongo } from '@vigil/embedded-mongo';
import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ACTIVITY_CHAIN,
  ConsumerOffsets,
  RecordsOnRecord,
  connectMongo,
  createLogger,
  loadConfig,
  type ActivityRecordedPayload,
  type MongoHandle,
} from '../src/index.js';

const logger = createLogger({ name: 'records-on-record-test', level: 'silent' });
const config = loadConfig({ NODE_ENV: 'test', MONGO_DATA_DIR: '' });
const ERASED = 'system.privacy.account_erased';
let mongo: EmbeddedMongo;
let db: MongoHandle;

beforeAll(async () => {
  mongo = await EmbeddedMongo.start();
  db = await connectMongo(config, logger, { dbName: 'vigil_on_record_test', uri: mongo.uri });
});
afterAll(async () => {
  await db?.close();
  await mongo?.stop();
});

/** A tenant's chain of `count` events; every fifth (5, 10, …) an erasure of account `acc-<sequence>`. */
async function chain(tenantId: string, count: number): Promise<void> {
  const docs = Array.from({ length: count }, (_, index) => {
    const sequence = index + 1;
    const erasure = sequence % 5 === 0;
    return {
      _id: new Types.ObjectId(),
      tenantId,
      sequence,
      accountId: erasure ? `acc-${sequence}` : 'acc-0',
      type: erasure ? ERASED : 'user.authentication.failed',
      category: erasure ? 'SYSTEM' : 'AUTHENTICATION',
      outcome: erasure ? 'SUCCESS' : 'FAILURE',
      occurredAt: new Date(Date.UTC(2026, 10, 22, 10, 0, sequence)),
      actor: { type: 'SYSTEM' },
    };
  });
  await db.connection.useDb(ACTIVITY_CHAIN.dbName, { useCache: true }).collection(ACTIVITY_CHAIN.events).insertMany(docs);
}

function onRecord(group: string, seen: ActivityRecordedPayload[], options: { step?: number; failAt?: number } = {}) {
  return new RecordsOnRecord({
    group,
    types: [ERASED],
    connection: db.connection,
    offsets: new ConsumerOffsets(db.connection),
    handle: async (records) => {
      if (records.some((record) => record.sequence === options.failAt)) throw new Error('handler failed');
      seen.push(...records);
    },
    logger,
    step: options.step ?? 8,
    pageSize: 2,
    retryMs: 20,
  });
}

it("hands over the records of its types up to the group's starting point, once, and nothing after it", async () => {
  const tenantId = `t-${new Types.ObjectId().toHexString()}`;
  await chain(tenantId, 42);
  const offsets = new ConsumerOffsets(db.connection);
  // The group started at 33 (its first start, at the head then): 35 and 40 are its own to handle.
  await offsets.create('group-a', new Map([[tenantId, 33]]));
  const seen: ActivityRecordedPayload[] = [];
  const first = onRecord('group-a', seen);
  first.start();
  await first.done();
  await first.stop();
  expect(seen.map((record) => record.sequence)).toEqual([5, 10, 15, 20, 25, 30]);
  expect(seen[0]).toMatchObject({ type: ERASED, accountId: 'acc-5', tenantId });

  // Started again (a restart, another instance): nothing is handed over twice once it finished.
  const again = onRecord('group-a', seen);
  again.start();
  await again.done();
  await again.stop();
  expect(seen).toHaveLength(6);
});

it('stops at a failing record and resumes from the range it saved, without skipping it', async () => {
  const tenantId = `t-${new Types.ObjectId().toHexString()}`;
  await chain(tenantId, 30);
  await new ConsumerOffsets(db.connection).create('group-b', new Map([[tenantId, 30]]));
  const seen: ActivityRecordedPayload[] = [];
  const failing = onRecord('group-b', seen, { failAt: 20 });
  failing.start();
  await new Promise((resolve) => setTimeout(resolve, 200));
  await failing.stop();
  expect(seen.map((record) => record.sequence)).toEqual([5, 10, 15]);

  const resumed = onRecord('group-b', seen);
  resumed.start();
  await resumed.done();
  await resumed.stop();
  // 15 may come again (its range was not saved when 20 failed in the next page); 20, 25 and 30 come once.
  expect([...new Set(seen.map((record) => record.sequence))]).toEqual([5, 10, 15, 20, 25, 30]);
  expect(seen.filter((record) => record.sequence === 20)).toHaveLength(1);
});
