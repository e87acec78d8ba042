/**
 * The tests' stand-in for activity-logs appends a call's events as activity-logs appends a batch: a consumer reading
 * the chain meanwhile sees the whole call or nothing of it (a detection page cut in the middle of a call made
 * `delivery-first.test.ts` depend on the machine's speed).
 */
import { ACTIVITY_CHAIN, type ActivityRecordedPayload } from '@vigil/core';
import { EmbeddedMongo } from '@vigil/embedded-mongo';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendToActivityChain } from '../src/index.js';

const event = (tenantId: string, n: number, sequence?: number): ActivityRecordedPayload =>
  ({
    eventId: `${tenantId}-event-${n}`,
    tenantId,
    accountId: 'acc-1',
    type: 'auth.login.failed',
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    ...(sequence === undefined ? {} : { sequence }),
  }) as ActivityRecordedPayload;

describe('appendToActivityChain', () => {
  let mongo: EmbeddedMongo;
  let connection: Connection;
  const chain = () => connection.useDb(ACTIVITY_CHAIN.dbName).collection(ACTIVITY_CHAIN.events);
  const head = async (tenantId: string) =>
    (
      await connection
        .useDb(ACTIVITY_CHAIN.dbName)
        .collection(ACTIVITY_CHAIN.heads)
        .findOne({ _id: tenantId as never })
    )?.sequence;

  beforeAll(async () => {
    mongo = await EmbeddedMongo.start();
    connection = await mongoose.createConnection(mongo.uri).asPromise();
  });
  afterAll(async () => {
    await connection.close();
    await mongo.stop();
  });

  it('shows a reader all of a call’s events or none of them', async () => {
    const seen = new Set<number>();
    let appending = true;
    const reader = (async () => {
      while (appending) seen.add(await chain().countDocuments({ tenantId: 'atomic' }));
    })();
    await appendToActivityChain(
      connection,
      Array.from({ length: 20 }, (_, n) => event('atomic', n)),
    );
    appending = false;
    await reader;
    seen.add(await chain().countDocuments({ tenantId: 'atomic' }));
    expect([...seen].every((count) => count === 0 || count === 20)).toBe(true);
    expect(seen.has(20)).toBe(true);
  });

  it('numbers each tenant after its head, keeps named positions and leaves redelivered events as they are', async () => {
    await appendToActivityChain(connection, [event('t1', 1), event('t2', 1)]);
    const tenants = await appendToActivityChain(connection, [
      event('t1', 1), // a redelivery: stays at 1
      event('t1', 2),
      event('t2', 2, 7), // a named position
      event('t2', 3),
      event('t1', 2), // twice in one call: once
    ]);
    expect(tenants.sort()).toEqual(['t1', 't2']);
    const stored = await chain()
      .find({ tenantId: { $in: ['t1', 't2'] } }, { sort: { tenantId: 1, sequence: 1 } })
      .toArray();
    expect(stored.map((doc) => [doc._id, doc.sequence])).toEqual([
      ['t1-event-1', 1],
      ['t1-event-2', 2],
      ['t2-event-1', 1],
      ['t2-event-2', 7],
      ['t2-event-3', 8],
    ]);
    expect(await head('t1')).toBe(2);
    expect(await head('t2')).toBe(8);
  });
});
