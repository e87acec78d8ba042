/**
 * The activity chain consumer against the embedded server: it starts a new group at the heads, needs no bus message
 * to find work, never skips past an event whose handler failed, and hands the payload fields a consumer asks for.
 * Its offsets (a crash, when they are written): `chain-consumer-offsets.test.ts`.
 */
import { Types } from 'mongoose';
import { expect, it } from 'vitest';
import {
  InMemoryEventBus,
  MongoActivityChainReader,
  TOPICS,
  activityRecordedPayloadOf,
  type ActivityRecordedPayload,
} from '../src/index.js';
import { append, consumer, database, follow, logger, tenant, useChainDatabase } from './chain-fixture.js';
import { waitFor } from './wait-for.js';

useChainDatabase();

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
  const tenantId = tenant();
  await append(tenantId, 1, 3);
  const all = await new MongoActivityChainReader(database().connection).readAfter(tenantId, 0, 10);
  const some = await new MongoActivityChainReader(database().connection, { fields: ['ip'] }).readAfter(tenantId, 0, 10);
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
