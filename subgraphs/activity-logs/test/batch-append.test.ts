/**
 * The batch path of ingestion (one lookup, one insert, one signed head and one bus message per batch): it must
 * give the chain that recording the events one by one gives, never record a retried batch twice, and leave a
 * chain that verifies after a crash in the middle of a batch's insert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFY, type Report } from './chain-checks.js';
import { as, failedLogin, RECORD, startActivityLogs, type Harness } from './harness.js';

interface Recorded {
  recordActivities: { recordedCount: number; duplicateCount: number; events: { id: string; sequence: number }[] };
}

describe('recording a batch', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startActivityLogs();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const record = (tenantId: string, events: Record<string, unknown>[]) =>
    h.call<Recorded>(as(['INGEST'], [tenantId]), RECORD, { tenantId, events });
  const verify = async (tenantId: string) =>
    (await h.call<{ verifyActivityChain: Report }>(as(['AUDITOR'], [tenantId]), VERIFY, { tenantId })).data!.verifyActivityChain;
  /** Three accounts, two browsers, a new country half-way: first-seen marks differ from event to event. */
  const sample = (prefix: string) =>
    Array.from({ length: 12 }, (_, i) =>
      failedLogin(`${prefix}-${i % 3}`, {
        idempotencyKey: `${prefix}-key-${i}`,
        ...(i % 2 === 0 ? { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Version/17.0 Safari/605.1.15' } : {}),
        ...(i >= 6 ? { ip: '2.125.160.216' } : {}),
      }),
    );
  const chainOf = (tenantId: string) =>
    h
      .events()
      .find({ tenantId })
      .sort({ sequence: 1 })
      .project({ _id: 0, sequence: 1, type: 1, accountId: 1, firstSeenDevice: 1, firstSeenCountry: 1, idempotencyKey: 1 })
      .toArray();

  it('gives the chain that recording the same events one by one gives, with one signed head and one bus message', async () => {
    const batch = await record('t-batch', sample('b'));
    expect(batch.errors).toBeUndefined();
    expect(batch.data?.recordActivities).toMatchObject({ recordedCount: 12, duplicateCount: 0 });
    for (const event of sample('s')) expect((await record('t-singles', [event])).errors).toBeUndefined();

    const renamed = (await chainOf('t-singles')).map((doc) => ({
      ...doc,
      accountId: String(doc.accountId).replace('s-', 'b-'),
      idempotencyKey: String(doc.idempotencyKey).replace('s-', 'b-'),
    }));
    expect(await chainOf('t-batch')).toEqual(renamed);
    expect((await chainOf('t-batch')).map((doc) => doc.firstSeenCountry)).toContain(true);
    for (const tenantId of ['t-batch', 't-singles']) {
      expect(await verify(tenantId)).toMatchObject({ ok: true, verifiedCount: 12, breakCount: 0 });
    }
    const heads = h.db.connection.collection('activity_checkpoints');
    expect(await heads.countDocuments({ tenantId: 't-batch' })).toBe(1);
    expect(await heads.countDocuments({ tenantId: 't-singles' })).toBe(12);
    await h.bus.idle();
    expect(h.published.filter((message) => message.payload.tenantId === 't-batch')).toHaveLength(1);
    expect(h.announced('t-batch')).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('records a batch sent twice at once only once', async () => {
    const events = sample('r');
    const [first, second] = await Promise.all([record('t-retry', events), record('t-retry', events)]);
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    const counts = [first, second].map((answer) => answer.data!.recordActivities);
    expect(counts.map((count) => count.recordedCount).sort()).toEqual([0, 12]);
    expect(counts.map((count) => count.duplicateCount).sort()).toEqual([0, 12]);
    expect(first.data!.recordActivities.events.map((event) => event.id)).toEqual(
      second.data!.recordActivities.events.map((event) => event.id),
    );
    const retried = await record('t-retry', events);
    expect(retried.data?.recordActivities).toMatchObject({ recordedCount: 0, duplicateCount: 12 });
    expect(await h.events().countDocuments({ tenantId: 't-retry' })).toBe(12);
    expect(await verify('t-retry')).toMatchObject({ ok: true, verifiedCount: 12 });
  });

  it('leaves a chain that verifies when the process dies half-way through a batch insert, and the retry completes it', async () => {
    const events = sample('c');
    expect((await record('t-crash', events.slice(0, 2))).errors).toBeUndefined();
    // What a crash after part of an ordered insert leaves: its first events stored, nothing signed or announced.
    const model = h.subgraph.services.models.events;
    const insertMany = model.insertMany.bind(model);
    Object.assign(model, {
      insertMany: async (docs: unknown[], options: object) => {
        await insertMany(docs.slice(0, 4), options);
        throw new Error('connection lost');
      },
    });
    try {
      expect((await record('t-crash', events.slice(2))).errors?.[0]).toBeDefined();
    } finally {
      Object.assign(model, { insertMany });
    }
    expect(await h.events().countDocuments({ tenantId: 't-crash' })).toBe(6);
    expect(await verify('t-crash')).toMatchObject({ ok: true, verifiedCount: 6, breakCount: 0 });

    const retried = await record('t-crash', events.slice(2));
    expect(retried.data?.recordActivities).toMatchObject({ recordedCount: 6, duplicateCount: 4 });
    expect((await chainOf('t-crash')).map((doc) => doc.idempotencyKey)).toEqual(events.map((event) => event.idempotencyKey));
    expect(await verify('t-crash')).toMatchObject({ ok: true, verifiedCount: 12, breakCount: 0 });
  });
});
