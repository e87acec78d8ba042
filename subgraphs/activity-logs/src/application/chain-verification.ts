/**
 * verifyActivityChain: streams a tenant's stored events in sequence order (a cursor, never the whole
 * range in memory) through the domain ChainVerifier, with signed heads as trusted hashes, the per-account
 * keys to check that stored PII still matches its commitment, and the chain's own erasure records to check
 * that an erased event was really erased (by a recorded erasure, before it) and carries no personal data.
 * Every break is reported (bounded list), not only the first.
 */
import { invalidInput } from '@vigil/core';
import { BreakList, ChainVerifier, type ChainBreak } from '../domain/hash-chain.js';
import type { ActivityEventDocument, ActivityModels } from './ports.js';
import type { CheckpointService } from './checkpoints.js';
import { EventPrivacyChecks } from './event-privacy-checks.js';
import { chainContentOf, isTombstone } from './stored-event.js';
import { SignedHeadFeed } from './signed-head-feed.js';
import { verificationStart } from './verification-start.js';

export interface ChainVerificationResult {
  readonly tenantId: string;
  readonly ok: boolean;
  readonly fromSequence: number;
  readonly toSequence: number;
  readonly verifiedCount: number;
  readonly purgedCount: number;
  readonly checkpointsVerified: number;
  readonly anchoredAtCheckpoint?: number;
  readonly firstBreak?: ChainBreak;
  /** Every break, in sequence order, at most MAX_REPORTED_BREAKS. */
  readonly breaks: readonly ChainBreak[];
  readonly breakCount: number;
}

export class ChainVerificationService {
  constructor(
    private readonly models: ActivityModels,
    private readonly checkpoints: CheckpointService,
    /** How long an appended event may stay outside every signed head before it is a finding. */
    private readonly unsignedGraceMs: number,
  ) {}

  async verify(tenantId: string, from?: number, to?: number): Promise<ChainVerificationResult> {
    if (
      (from !== undefined && from < 1) ||
      (to !== undefined && to < 1) ||
      (from !== undefined && to !== undefined && from > to)
    ) {
      throw invalidInput('from and to are sequence numbers ≥ 1 with from ≤ to.', { from: '≥ 1', to: '≥ from' });
    }
    const { events } = this.models;
    const [oldest, newest] = await Promise.all([
      events.findOne({ tenantId }, { sequence: 1 }).sort({ sequence: 1 }).lean().exec(),
      events.findOne({ tenantId }, { sequence: 1 }).sort({ sequence: -1 }).lean().exec(),
    ]);
    const latestCheckpoint = await this.checkpoints.latest(tenantId);
    const headSequence = Math.max(newest?.sequence ?? 0, latestCheckpoint?.sequence ?? 0);
    if (headSequence === 0)
      return {
        tenantId,
        ok: true,
        fromSequence: 0,
        toSequence: 0,
        verifiedCount: 0,
        purgedCount: 0,
        checkpointsVerified: 0,
        breaks: [],
        breakCount: 0,
      };

    const end = Math.min(to ?? headSequence, headSequence);
    const { start, anchor, anchoredAtCheckpoint } = await verificationStart(
      { events, checkpoints: this.checkpoints },
      tenantId,
      from,
      oldest?.sequence,
    );

    const found = new BreakList();
    const heads = new SignedHeadFeed(
      this.checkpoints.cursor(tenantId, start, end),
      (head) => this.checkpoints.verifies(head),
      found,
    );
    const verifier = new ChainVerifier(anchor, heads.trusted, found);
    const privacyChecks = await EventPrivacyChecks.load(this.models, tenantId);
    /** The oldest event no valid signed head covers yet. */
    let unsignedSince: { sequence: number; recordedAt?: Date } | null = null;

    const cursor = events
      .find({ tenantId, sequence: { $gte: start, $lte: end } })
      .sort({ sequence: 1 })
      .lean<ActivityEventDocument[]>()
      .cursor({ batchSize: 1000 });
    try {
      for await (const doc of cursor as AsyncIterable<ActivityEventDocument>) {
        await heads.advance(doc.sequence);
        const tombstone = isTombstone(doc);
        const privacy = tombstone ? {} : await privacyChecks.check(doc, found);
        verifier.accept({
          sequence: doc.sequence,
          prevHash: doc.prevHash,
          hash: doc.hash,
          content: tombstone ? null : chainContentOf(doc),
          ...privacy,
        });
        if (heads.passed(doc.sequence)) unsignedSince = null;
        else unsignedSince ??= { sequence: doc.sequence, ...(doc.recordedAt ? { recordedAt: doc.recordedAt } : {}) };
      }
      await heads.advance();
    } finally {
      await Promise.all([cursor.close(), heads.close()]);
    }
    // Heads are signed before a batch is acknowledged and repaired by the periodic job: events left outside
    // every signed head for longer than that were rewritten with their heads removed.
    if (unsignedSince && (unsignedSince.recordedAt?.getTime() ?? 0) < Date.now() - this.unsignedGraceMs) {
      found.add({
        sequence: unsignedSince.sequence,
        reason: 'UNSIGNED',
        detail: `Events from ${unsignedSince.sequence} on are covered by no signed head (heads removed, or never signed).`,
      });
    }
    const result = verifier.finish(heads.lastValid);
    const firstBreak = result.firstBreak ?? undefined;
    return {
      tenantId,
      ok: result.ok,
      fromSequence: start,
      toSequence: end,
      verifiedCount: result.verifiedCount,
      purgedCount: result.purgedCount,
      checkpointsVerified: heads.validCount,
      ...(anchoredAtCheckpoint !== undefined ? { anchoredAtCheckpoint } : {}),
      ...(firstBreak ? { firstBreak } : {}),
      breaks: result.breaks,
      breakCount: result.breakCount,
    };
  }
}
