/**
 * What the consumers of `activity.recorded` replay from: the announced chain head per tenant, the one bus
 * message per batch naming the range, and the chain itself read through core's MongoActivityChainReader —
 * which must hand them every event of that range with its recorded fields.
 */
import { ACTIVITY_CHAIN, AppendedChainEntries, MAX_HANDED_OVER, MongoActivityChainReader, TOPICS } from '@vigil/core';
import { MAX_BATCH_SIZE } from '../src/domain/activity-batch.js';
import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { as, failedLogin, RECORD, startActivityLogs } from './harness.js';

const ingest = as(['INGEST'], ['t-feed', 't-crash'], 'idp');

describe('the activity chain as the consumers read it', () => {
  const h = perSuite(startActivityLogs);

  const head = async (tenantId: string) =>
    (await h().db.connection.collection<{ _id: string; sequence: number }>(ACTIVITY_CHAIN.heads).findOne({ _id: tenantId }))
      ?.sequence;

  it('hands over every batch one call may record (the largest batch is within the hand-over limit)', () => {
    expect(MAX_BATCH_SIZE).toBeLessThanOrEqual(MAX_HANDED_OVER);
  });

  it('announces the head with the message, and the chain replays exactly the announced range', async () => {
    expect(h().subgraph.services.models.events.collection.collectionName).toBe(ACTIVITY_CHAIN.events);
    expect(h().db.connection.name).toBe(ACTIVITY_CHAIN.dbName);
    const events = [
      failedLogin('acct-feed', { deviceId: 'dev-1234', metadata: { reason: 'bad password' } }),
      failedLogin('acct-feed', { ip: undefined, userAgent: undefined }),
      failedLogin('acct-feed', { actorType: 'AGENT', actorId: 'agent-7' }),
    ];
    const { errors } = await h().call(ingest, RECORD, { tenantId: 't-feed', events });
    expect(errors).toBeUndefined();
    expect(await head('t-feed')).toBe(3);

    await h().bus.idle();
    expect(h().announced('t-feed')).toEqual([1, 2, 3]);
    const replayed = await new MongoActivityChainReader(h().db.connection).readAfter('t-feed', 0, 10);
    expect(replayed.map((entry) => entry.sequence)).toEqual([1, 2, 3]);
    const stored = await h().events().find({ tenantId: 't-feed' }).sort({ sequence: 1 }).toArray();
    expect(replayed.map((entry) => entry.payload)).toEqual(
      stored.map((doc) => ({
        eventId: doc._id.toHexString(),
        tenantId: 't-feed',
        accountId: 'acct-feed',
        type: 'user.authentication.failed',
        category: 'FAILURE',
        outcome: 'FAILURE',
        occurredAt: (doc.occurredAt as Date).toISOString(),
        actor: doc.actor,
        ...(doc.ip ? { ip: doc.ip, geo: doc.geo } : {}),
        ...(doc.userAgent ? { userAgent: doc.userAgent } : {}),
        ...(doc.deviceId ? { deviceId: doc.deviceId } : {}),
        firstSeenDevice: doc.firstSeenDevice,
        firstSeenCountry: doc.firstSeenCountry,
        ...(doc.metadata ? { metadata: doc.metadata } : {}),
        sequence: doc.sequence,
        hash: doc.hash,
      })),
    );
    expect(replayed[0]!.payload).toMatchObject({ deviceId: 'dev-1234', metadata: { reason: 'bad password' } });
    expect(replayed[2]!.payload).toMatchObject({ actor: { type: 'AGENT', id: 'agent-7' } });
    expect(await new MongoActivityChainReader(h().db.connection).readAfter('t-feed', 2, 10)).toHaveLength(1);
  });

  it('hands the consumers in this process the committed entries, exactly as the chain returns them (ADR 104)', async () => {
    const handedOver: unknown[] = [];
    const subscription = await h().bus.subscribe(TOPICS.activityRecorded, 'hand-over-test', async (message) => {
      if ((message.payload as { tenantId?: string }).tenantId === 't-feed') handedOver.push(message.local);
    });
    try {
      const events = [
        failedLogin('acct-feed', { deviceId: 'dev-5678', metadata: { reason: 'bad password', attempt: 2, flags: [true, null] } }),
        failedLogin('acct-feed', { ip: undefined, userAgent: undefined }),
      ];
      const { errors } = await h().call(ingest, RECORD, { tenantId: 't-feed', events });
      expect(errors).toBeUndefined();
      await h().bus.idle();
    } finally {
      await subscription.close();
    }
    expect(handedOver).toHaveLength(1);
    const local = handedOver[0];
    expect(local).toBeInstanceOf(AppendedChainEntries);
    const replayed = await new MongoActivityChainReader(h().db.connection).readAfter('t-feed', 3, 10);
    expect(replayed).toHaveLength(2);
    expect((local as AppendedChainEntries).entries).toEqual(replayed);
  });

  it('the outbox relay announces the head of a batch committed just before a crash', async () => {
    const { errors } = await h().call(ingest, RECORD, { tenantId: 't-crash', events: [failedLogin('acct-crash')] });
    expect(errors).toBeUndefined();
    // What a kill -9 right after the commit leaves: the events, the outbox entry, no head.
    const [event] = await h().events().find({ tenantId: 't-crash' }).toArray();
    await h().db.connection.collection<{ _id: string }>(ACTIVITY_CHAIN.heads).deleteOne({ _id: 't-crash' });
    await h()
      .db.connection.collection('activity_outbox')
      .insertOne({ tenantId: 't-crash', eventIds: [event!._id], createdAt: new Date(Date.now() - 60_000) });
    expect(await head('t-crash')).toBeUndefined();

    await h().subgraph.services.recorder.republishPending(0);
    expect(await head('t-crash')).toBe(1);
    expect(await h().db.connection.collection('activity_outbox').countDocuments({ tenantId: 't-crash' })).toBe(0);
  });
});
