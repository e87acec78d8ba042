import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { validateActivityEvent } from '../src/domain/activity-input.js';
import { ActivityRecorder } from '../src/application/activity-recorder.js';
import { MongoEventChain } from '../src/adapters/mongo/event-chain-store.js';
import type { ActivityEventDocument } from '../src/adapters/mongo/index.js';
import { chainContentOf } from '../src/application/stored-event.js';
import { appendToChain } from '../src/domain/hash-chain.js';
import { chainChecks, rewriteChainAfter, VERIFY } from './chain-checks.js';
import { as, failedLogin, startActivityLogs } from './harness.js';

/** Who records the events (ADR 145): not what these tests are about. */
const SHIPPER = { kind: 'CLIENT', id: 'test-shipper' } as const;

// Erasure and the chain: erasure-integrity.test.ts.
describe('tamper evidence', () => {
  const h = perSuite(startActivityLogs);
  const { seed, verify, alter } = chainChecks(h);

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
    const { services } = h().subgraph;
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
        (n % 2 === 0 ? services.recorder : other).recordValid('two-writers', [valid(n), valid(n + 100)], SHIPPER),
      ),
    );
    const sequences = (await h().events().find({ tenantId: 'two-writers' }).sort({ sequence: 1 }).toArray()).map(
      (doc) => doc.sequence,
    );
    expect(sequences).toEqual(Array.from({ length: 24 }, (_, index) => index + 1));
    expect(await verify('two-writers')).toMatchObject({ ok: true, verifiedCount: 24 });
  });

  it('signs the head after every batch (Ed25519, current key id); the periodic job repairs a head left unsigned', async () => {
    await seed('periodic', 2);
    const latest = '{ latestActivityCheckpoint(tenantId: "periodic") { sequence keyId signature } }';
    const keyId = h().subgraph.services.checkpoints.currentKeyId;
    const signedNow = await h().call<{ latestActivityCheckpoint: unknown }>(as(['AUDITOR'], ['periodic']), latest);
    expect(signedNow.data?.latestActivityCheckpoint).toMatchObject({
      sequence: 2,
      keyId,
      signature: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/),
    });
    await seed('periodic', 3);
    expect(
      (await h().call<{ latestActivityCheckpoint: unknown }>(as(['AUDITOR'], ['periodic']), latest)).data
        ?.latestActivityCheckpoint,
    ).toMatchObject({ sequence: 5 });
    // A crash between the append and the signature leaves the head unsigned: the periodic job signs it.
    await h().db.connection.collection('activity_checkpoints').deleteMany({ tenantId: 'periodic', sequence: 5 });
    expect(await h().subgraph.services.checkpoints.checkpointAllTenants()).toBeGreaterThanOrEqual(1);
    const { data } = await h().call<{ latestActivityCheckpoint: unknown }>(as(['AUDITOR'], ['periodic']), latest);
    expect(data?.latestActivityCheckpoint).toMatchObject({ sequence: 5, keyId });
    expect(await verify('periodic')).toMatchObject({ ok: true, checkpointsVerified: 2 });
  });

  it('only AUDITOR and ADMIN may verify, and only their tenants', async () => {
    const agent = await h().call(as(['AGENT'], ['intact']), VERIFY, { tenantId: 'intact' });
    expect(agent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const otherTenant = await h().call(as(['AUDITOR'], ['elsewhere']), VERIFY, { tenantId: 'intact' });
    expect(otherTenant.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('reports an event altered in the database', async () => {
    await seed('altered', 8);
    await alter('altered', 6, { $set: { outcome: 'SUCCESS' } });
    expect((await verify('altered')).firstBreak).toMatchObject({ sequence: 6, reason: 'ALTERED' });
  });

  it('reports altered PII (the IP) even though the chain hashes only its commitment', async () => {
    await seed('pii-altered', 4);
    await alter('pii-altered', 3, { $set: { ip: '198.51.100.1' } });
    expect((await verify('pii-altered')).firstBreak).toMatchObject({ sequence: 3, reason: 'PII_ALTERED' });
  });

  it('reports an event deleted from the middle and from the end', async () => {
    await seed('deleted', 8);
    await h().events().deleteOne({ tenantId: 'deleted', sequence: 4 });
    expect((await verify('deleted')).firstBreak).toMatchObject({ sequence: 4, reason: 'MISSING' });

    await seed('deleted-tail', 10);
    // Sequence 10 is covered by a signed checkpoint: deleting the newest events is caught too.
    await h()
      .events()
      .deleteMany({ tenantId: 'deleted-tail', sequence: { $gte: 9 } });
    expect((await verify('deleted-tail')).firstBreak).toMatchObject({ sequence: 9, reason: 'MISSING' });
  });

  it('reports events reordered (sequence numbers swapped)', async () => {
    await seed('reordered', 6);
    const events = h().events();
    await events.updateOne({ tenantId: 'reordered', sequence: 3 }, { $set: { sequence: -3 } });
    await events.updateOne({ tenantId: 'reordered', sequence: 4 }, { $set: { sequence: 3 } });
    await events.updateOne({ tenantId: 'reordered', sequence: -3 }, { $set: { sequence: 4 } });
    expect((await verify('reordered')).firstBreak).toMatchObject({ sequence: 3, reason: 'LINK_MISMATCH' });
  });

  it('reports a chain whose hashes were all recomputed after an edit, through the signed checkpoint', async () => {
    await seed('rewritten', 5);
    // The attacker can write the database but not sign: edit event 3 and recompute every later link.
    await rewriteChainAfter(h(), 'rewritten', 2, 3);
    expect((await verify('rewritten')).firstBreak).toMatchObject({ sequence: 5, reason: 'CHECKPOINT_MISMATCH' });
  });

  it('reports a checkpoint whose signature does not verify', async () => {
    await seed('forged', 5);
    await h()
      .db.connection.collection('activity_checkpoints')
      .updateOne({ tenantId: 'forged', sequence: 5 }, { $set: { signature: '00'.repeat(32) } });
    expect((await verify('forged')).firstBreak).toMatchObject({ sequence: 5, reason: 'FORGED_CHECKPOINT' });
  });

  it('reports every break, not only the first', async () => {
    await seed('many-breaks', 9);
    await alter('many-breaks', 2, { $set: { outcome: 'SUCCESS' } });
    await alter('many-breaks', 5, { $set: { ip: '198.51.100.1' } });
    await h().events().deleteOne({ tenantId: 'many-breaks', sequence: 7 });
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
    await rewriteChainAfter(h(), 'tail-rewrite', 2, 4);
    const report = await verify('tail-rewrite');
    expect(report.breaks.map(({ sequence, reason }) => ({ sequence, reason }))).toEqual([
      { sequence: 4, reason: 'CHECKPOINT_MISMATCH' },
      { sequence: 5, reason: 'CHECKPOINT_MISMATCH' },
    ]);
  });

  it('reports events that no signed head covers once the repair period has passed (heads removed)', async () => {
    for (let batch = 0; batch < 3; batch += 1) await seed('unsigned-tail', 1);
    const { events } = h().subgraph.services.models;
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
    await h().db.connection.collection('activity_checkpoints').deleteOne({ tenantId: 'unsigned-tail', sequence: 3 });
    const report = await verify('unsigned-tail');
    expect(report.breaks).toEqual([expect.objectContaining({ sequence: 3, reason: 'UNSIGNED' })]);
  });
});
