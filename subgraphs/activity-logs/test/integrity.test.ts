import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendToChain } from '../src/domain/hash-chain.js';
import type { ActivityEventDocument } from '../src/adapters/mongo/index.js';
import { chainContentOf } from '../src/application/stored-event.js';
import { validateActivityEvent } from '../src/domain/activity-input.js';
import { ActivityRecorder } from '../src/application/activity-recorder.js';
import { MongoEventChain } from '../src/adapters/mongo/event-chain-store.js';
import { as, failedLogin, RECORD, startActivityLogs, VERIFY, type Harness, type Report } from './harness.js';

describe('tamper evidence', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startActivityLogs();
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function seed(tenantId: string, count: number) {
    const events = Array.from({ length: count }, (_, index) =>
      failedLogin(`acct-${index % 3}`, { metadata: { reason: 'wrong password' } }),
    );
    const { errors } = await h.call(as(['INGEST'], [tenantId]), RECORD, { tenantId, events });
    expect(errors).toBeUndefined();
  }

  async function verify(tenantId: string, range: { from?: number; to?: number } = {}): Promise<Report> {
    const { data, errors } = await h.call<{ verifyActivityChain: Report }>(as(['AUDITOR'], [tenantId]), VERIFY, {
      tenantId,
      ...range,
    });
    expect(errors).toBeUndefined();
    return data!.verifyActivityChain;
  }

  it('verifies an untouched chain, with signed checkpoints every 5 events (test config)', async () => {
    await seed('intact', 12);
    const report = await verify('intact');
    expect(report).toMatchObject({
      ok: true,
      fromSequence: 1,
      toSequence: 12,
      verifiedCount: 12,
      checkpointsVerified: 1,
      firstBreak: null,
    });
    expect(await verify('intact', { from: 4, to: 9 })).toMatchObject({
      ok: true,
      fromSequence: 4,
      toSequence: 9,
      verifiedCount: 6,
    });
  });

  it('two writers appending concurrently (as two processes would) never fork the chain', async () => {
    const { services } = h.subgraph;
    // A second recorder with its own lock and head cache: what another process running this subgraph has.
    const other = new ActivityRecorder({ ...services.recorderDeps, chain: new MongoEventChain(services.models) });
    const taxonomy = await services.settings.taxonomyFor('two-writers');
    const valid = (n: number) => {
      const result = validateActivityEvent(failedLogin(`acct-${n % 4}`), taxonomy);
      if ('errors' in result) throw new Error(JSON.stringify(result.errors));
      return result.event;
    };
    await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        (n % 2 === 0 ? services.recorder : other).recordValid('two-writers', [valid(n), valid(n + 100)]),
      ),
    );
    const sequences = (await h.events().find({ tenantId: 'two-writers' }).sort({ sequence: 1 }).toArray()).map(
      (doc) => doc.sequence,
    );
    expect(sequences).toEqual(Array.from({ length: 24 }, (_, index) => index + 1));
    expect(await verify('two-writers')).toMatchObject({ ok: true, verifiedCount: 24 });
  });

  it('signs the head after every batch (Ed25519, current key id); the periodic job repairs a head left unsigned', async () => {
    await seed('periodic', 2);
    const latest = '{ latestActivityCheckpoint(tenantId: "periodic") { sequence keyId signature } }';
    const keyId = h.subgraph.services.checkpoints.currentKeyId;
    const signedNow = await h.call<{ latestActivityCheckpoint: unknown }>(as(['AUDITOR'], ['periodic']), latest);
    expect(signedNow.data?.latestActivityCheckpoint).toMatchObject({
      sequence: 2,
      keyId,
      signature: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/),
    });
    await seed('periodic', 3);
    expect(
      (await h.call<{ latestActivityCheckpoint: unknown }>(as(['AUDITOR'], ['periodic']), latest)).data?.latestActivityCheckpoint,
    ).toMatchObject({ sequence: 5 });
    // A crash between the append and the signature leaves the head unsigned: the periodic job signs it.
    await h.db.connection.collection('activity_checkpoints').deleteMany({ tenantId: 'periodic', sequence: 5 });
    expect(await h.subgraph.services.checkpoints.checkpointAllTenants()).toBeGreaterThanOrEqual(1);
    const { data } = await h.call<{ latestActivityCheckpoint: unknown }>(as(['AUDITOR'], ['periodic']), latest);
    expect(data?.latestActivityCheckpoint).toMatchObject({ sequence: 5, keyId });
    expect(await verify('periodic')).toMatchObject({ ok: true, checkpointsVerified: 2 });
  });

  it('only AUDITOR and ADMIN may verify, and only their tenants', async () => {
    const agent = await h.call(as(['AGENT'], ['intact']), VERIFY, { tenantId: 'intact' });
    expect(agent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const otherTenant = await h.call(as(['AUDITOR'], ['elsewhere']), VERIFY, { tenantId: 'intact' });
    expect(otherTenant.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('reports an event altered in the database', async () => {
    await seed('altered', 8);
    await h.events().updateOne({ tenantId: 'altered', sequence: 6 }, { $set: { outcome: 'SUCCESS' } });
    expect((await verify('altered')).firstBreak).toMatchObject({ sequence: 6, reason: 'ALTERED' });
  });

  it('reports altered PII (the IP) even though the chain hashes only its commitment', async () => {
    await seed('pii-altered', 4);
    await h.events().updateOne({ tenantId: 'pii-altered', sequence: 3 }, { $set: { ip: '198.51.100.1' } });
    expect((await verify('pii-altered')).firstBreak).toMatchObject({ sequence: 3, reason: 'PII_ALTERED' });
  });

  it('reports an event deleted from the middle and from the end', async () => {
    await seed('deleted', 8);
    await h.events().deleteOne({ tenantId: 'deleted', sequence: 4 });
    expect((await verify('deleted')).firstBreak).toMatchObject({ sequence: 4, reason: 'MISSING' });

    await seed('deleted-tail', 10);
    // Sequence 10 is covered by a signed checkpoint: deleting the newest events is caught too.
    await h.events().deleteMany({ tenantId: 'deleted-tail', sequence: { $gte: 9 } });
    expect((await verify('deleted-tail')).firstBreak).toMatchObject({ sequence: 9, reason: 'MISSING' });
  });

  it('reports events reordered (sequence numbers swapped)', async () => {
    await seed('reordered', 6);
    const events = h.events();
    await events.updateOne({ tenantId: 'reordered', sequence: 3 }, { $set: { sequence: -3 } });
    await events.updateOne({ tenantId: 'reordered', sequence: 4 }, { $set: { sequence: 3 } });
    await events.updateOne({ tenantId: 'reordered', sequence: -3 }, { $set: { sequence: 4 } });
    expect((await verify('reordered')).firstBreak).toMatchObject({ sequence: 3, reason: 'LINK_MISMATCH' });
  });

  it('reports a chain whose hashes were all recomputed after an edit, through the signed checkpoint', async () => {
    await seed('rewritten', 5);
    const { events } = h.subgraph.services.models;
    // The attacker can write the database but not sign: edit event 3 and recompute every later link.
    const docs = await events
      .find({ tenantId: 'rewritten', sequence: { $gte: 2 } })
      .sort({ sequence: 1 })
      .lean<ActivityEventDocument[]>()
      .exec();
    const [anchor, ...rest] = docs;
    const edited = rest.map((doc) => (doc.sequence === 3 ? { ...doc, outcome: 'SUCCESS' as const } : doc));
    const links = appendToChain(
      { sequence: anchor!.sequence, prevHash: anchor!.prevHash, hash: anchor!.hash },
      edited.map(chainContentOf),
    );
    for (const [index, doc] of edited.entries()) {
      await events.updateOne(
        { _id: doc._id },
        { $set: { outcome: doc.outcome, prevHash: links[index]!.prevHash, hash: links[index]!.hash } },
      );
    }
    expect((await verify('rewritten')).firstBreak).toMatchObject({ sequence: 5, reason: 'CHECKPOINT_MISMATCH' });
  });

  it('reports a checkpoint whose signature does not verify', async () => {
    await seed('forged', 5);
    await h.db.connection
      .collection('activity_checkpoints')
      .updateOne({ tenantId: 'forged', sequence: 5 }, { $set: { signature: '00'.repeat(32) } });
    expect((await verify('forged')).firstBreak).toMatchObject({ sequence: 5, reason: 'FORGED_CHECKPOINT' });
  });

  it('erasure pseudonymises PII in every event of the account and the chain still verifies', async () => {
    await seed('erasure', 9);
    const admin = as(['ADMIN'], ['erasure']);
    const { data, errors } = await h.call<{ eraseAccountActivity: { erasedEventCount: number; erasureEventId: string } }>(
      admin,
      'mutation { eraseAccountActivity(tenantId: "erasure", accountId: "acct-1") { erasedEventCount erasureEventId } }',
    );
    expect(errors).toBeUndefined();
    expect(data?.eraseAccountActivity.erasedEventCount).toBe(3);
    const stored = await h
      .events()
      .find({ tenantId: 'erasure', accountId: 'acct-1', type: 'user.authentication.failed' })
      .toArray();
    expect(stored).toHaveLength(3);
    for (const event of stored) {
      expect(event.ip).toBeUndefined();
      expect(event.geo).toBeUndefined();
      expect(event.metadata).toBeUndefined();
      expect(event.userAgent).toBeUndefined();
      expect(event.erasedAt).toBeInstanceOf(Date);
    }
    expect(
      await h.db.connection
        .collection('activity_account_keys')
        .countDocuments({ tenantId: 'erasure', accountId: 'acct-1', seenDevices: { $ne: [] } }),
    ).toBe(0);
    const untouched = await h.events().findOne({ tenantId: 'erasure', accountId: 'acct-0' });
    expect(untouched?.ip).toBe('81.2.69.142');
    expect(await verify('erasure')).toMatchObject({ ok: true, verifiedCount: 10 });
  });

  it('an event marked erased without a recorded erasure is reported', async () => {
    await seed('fake-erasure', 3);
    await h
      .events()
      .updateOne(
        { tenantId: 'fake-erasure', sequence: 2 },
        { $unset: { ip: 1, geo: 1, metadata: 1, userAgent: 1 }, $set: { erasedAt: new Date() } },
      );
    expect((await verify('fake-erasure')).firstBreak).toMatchObject({ sequence: 2, reason: 'UNRECORDED_ERASURE' });
  });

  it('reports every break, not only the first', async () => {
    await seed('many-breaks', 9);
    await h.events().updateOne({ tenantId: 'many-breaks', sequence: 2 }, { $set: { outcome: 'SUCCESS' } });
    await h.events().updateOne({ tenantId: 'many-breaks', sequence: 5 }, { $set: { ip: '198.51.100.1' } });
    await h.events().deleteOne({ tenantId: 'many-breaks', sequence: 7 });
    const report = await verify('many-breaks');
    expect(report.ok).toBe(false);
    expect(report.breaks.map(({ sequence, reason }) => ({ sequence, reason }))).toEqual([
      { sequence: 2, reason: 'ALTERED' },
      { sequence: 5, reason: 'PII_ALTERED' },
      { sequence: 7, reason: 'MISSING' },
    ]);
    expect(report.breakCount).toBe(3);
    expect(report.firstBreak).toMatchObject({ sequence: 2, reason: 'ALTERED' });
  });

  it('leaves no unsigned window: a rewrite of the newest events is caught at the first rewritten batch', async () => {
    for (let batch = 0; batch < 5; batch += 1) await seed('tail-rewrite', 1);
    const { events } = h.subgraph.services.models;
    const docs = await events
      .find({ tenantId: 'tail-rewrite', sequence: { $gte: 3 } })
      .sort({ sequence: 1 })
      .lean<ActivityEventDocument[]>()
      .exec();
    const previous = await events.findOne({ tenantId: 'tail-rewrite', sequence: 2 }).lean<ActivityEventDocument>().exec();
    const edited = docs.map((doc) => (doc.sequence === 4 ? { ...doc, outcome: 'SUCCESS' as const } : doc));
    const links = appendToChain({ sequence: 2, prevHash: previous!.prevHash, hash: previous!.hash }, edited.map(chainContentOf));
    for (const [index, doc] of edited.entries()) {
      await events.updateOne(
        { _id: doc._id },
        { $set: { outcome: doc.outcome, prevHash: links[index]!.prevHash, hash: links[index]!.hash } },
      );
    }
    const report = await verify('tail-rewrite');
    expect(report.breaks.map(({ sequence, reason }) => ({ sequence, reason }))).toEqual([
      { sequence: 4, reason: 'CHECKPOINT_MISMATCH' },
      { sequence: 5, reason: 'CHECKPOINT_MISMATCH' },
    ]);
  });

  it('after a real erasure, personal data written back onto an erased event is reported and never read back', async () => {
    await seed('erasure-rewrite', 3);
    const admin = as(['ADMIN'], ['erasure-rewrite']);
    const erased = await h.call(
      admin,
      'mutation { eraseAccountActivity(tenantId: "erasure-rewrite", accountId: "acct-1") { erasedEventCount } }',
    );
    expect(erased.errors).toBeUndefined();
    expect((await verify('erasure-rewrite')).ok).toBe(true);
    await h
      .events()
      .updateOne({ tenantId: 'erasure-rewrite', sequence: 2 }, { $set: { ip: '203.0.113.9', metadata: { note: 'forged' } } });
    const report = await verify('erasure-rewrite');
    expect(report.breaks).toEqual([expect.objectContaining({ sequence: 2, reason: 'PII_AFTER_ERASURE' })]);
    const stored = await h.events().findOne({ tenantId: 'erasure-rewrite', sequence: 2 });
    const { data } = await h.call<{ activityEvent: { ip: string | null } }>(
      as(['AUDITOR'], ['erasure-rewrite']),
      'query ($id: ID!) { activityEvent(id: $id) { ip } }',
      { id: String(stored!._id) },
    );
    expect(data?.activityEvent.ip).toBeNull();
  });

  it('an erasure marker on events recorded after the account was erased is reported', async () => {
    await seed('late-erasure', 3);
    const admin = as(['ADMIN'], ['late-erasure']);
    await h.call(admin, 'mutation { eraseAccountActivity(tenantId: "late-erasure", accountId: "acct-0") { erasedEventCount } }');
    await seed('late-erasure', 1); // acct-0 again, after its erasure (sequence 5)
    await h
      .events()
      .updateOne(
        { tenantId: 'late-erasure', sequence: 5 },
        { $unset: { ip: 1, geo: 1, metadata: 1, userAgent: 1 }, $set: { erasedAt: new Date() } },
      );
    expect((await verify('late-erasure')).breaks).toEqual([
      expect.objectContaining({ sequence: 5, reason: 'UNRECORDED_ERASURE' }),
    ]);
  });

  it('reports events that no signed head covers once the repair period has passed (heads removed)', async () => {
    for (let batch = 0; batch < 3; batch += 1) await seed('unsigned-tail', 1);
    const { events } = h.subgraph.services.models;
    const [second, third] = await events
      .find({ tenantId: 'unsigned-tail', sequence: { $gte: 2 } })
      .sort({ sequence: 1 })
      .lean<ActivityEventDocument[]>()
      .exec();
    // The attacker rewrites event 3 (dated an hour back, hash recomputed) and removes its signed head.
    const rewritten = { ...third!, recordedAt: new Date(Date.now() - 3_600_000), outcome: 'SUCCESS' as const };
    const [link] = appendToChain({ sequence: 2, prevHash: second!.prevHash, hash: second!.hash }, [chainContentOf(rewritten)]);
    await events.updateOne(
      { _id: third!._id },
      { $set: { recordedAt: rewritten.recordedAt, outcome: 'SUCCESS', hash: link!.hash } },
    );
    await h.db.connection.collection('activity_checkpoints').deleteOne({ tenantId: 'unsigned-tail', sequence: 3 });
    const report = await verify('unsigned-tail');
    expect(report.breaks).toEqual([expect.objectContaining({ sequence: 3, reason: 'UNSIGNED' })]);
  });
});
