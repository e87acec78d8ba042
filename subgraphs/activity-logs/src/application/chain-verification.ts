/**
 * verifyActivityChain: streams a tenant's stored events in sequence order (a cursor, never the whole
 * range in memory) through the domain ChainVerifier, with signed heads as trusted hashes, the per-account
 * keys to check that stored PII still matches its commitment, and the chain's own erasure records to check
 * that an erased event was really erased (by a recorded erasure, before it) and carries no personal data.
 * Every break is reported (bounded list), not only the first.
 */
import { invalidInput } from '@vigil/core';
import { BreakList, GENESIS_HASH, ChainVerifier, type ChainBreak } from '../domain/hash-chain.js';
import { piiMatchesCommitment, hasPii } from '../domain/pii.js';
import type { AccountKeyDocument, ActivityEventDocument, ActivityModels } from './ports.js';
import type { CheckpointService } from './checkpoints.js';
import { bufferOf, chainContentOf, isTombstone, piiOf } from './stored-event.js';
import { SignedHeadFeed } from './signed-head-feed.js';
import { ERASURE_EVENT_TYPE } from './erasure.js';

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
    let start = from ?? oldest?.sequence ?? 1;
    let anchor = { sequence: 0, hash: GENESIS_HASH };
    let anchoredAtCheckpoint: number | undefined;
    if (start > 1) {
      const exact = await this.checkpoints.anchorAtOrBelow(tenantId, start - 1);
      const previous = await events
        .findOne({ tenantId, sequence: start - 1 }, { sequence: 1, hash: 1 })
        .lean()
        .exec();
      if (exact && exact.sequence === start - 1) {
        anchor = { sequence: exact.sequence, hash: exact.hash };
        anchoredAtCheckpoint = exact.sequence;
      } else if (previous) {
        anchor = { sequence: previous.sequence, hash: previous.hash };
      } else if (exact) {
        // Older events are gone (retention compaction): start at the newest signed checkpoint below.
        anchor = { sequence: exact.sequence, hash: exact.hash };
        anchoredAtCheckpoint = exact.sequence;
        start = exact.sequence + 1;
      } else if (from === undefined) {
        start = 1;
      }
    }

    const found = new BreakList();
    const heads = new SignedHeadFeed(
      this.checkpoints.cursor(tenantId, start, end),
      (head) => this.checkpoints.verifies(head),
      found,
    );
    const verifier = new ChainVerifier(anchor, heads.trusted, found);
    const erasures = await this.erasureSequences(tenantId);
    const keys = new Map<string, Buffer | null>();
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
        let piiIntact: boolean | undefined;
        let piiAfterErasure = false;
        if (!tombstone && doc.erasedAt) {
          // Erased by a recorded erasure of this account, appended after the event; and nothing left.
          if (!((erasures.get(doc.accountId!) ?? 0) > doc.sequence)) {
            found.add({
              sequence: doc.sequence,
              reason: 'UNRECORDED_ERASURE',
              detail: `Event ${doc.sequence} is marked erased but no later erasure of its account is recorded in the chain.`,
            });
          }
          piiAfterErasure = hasPii(piiOf(doc));
        } else if (!tombstone) {
          piiIntact = await this.piiIntact(tenantId, doc, keys);
        }
        verifier.accept({
          sequence: doc.sequence,
          prevHash: doc.prevHash,
          hash: doc.hash,
          content: tombstone ? null : chainContentOf(doc),
          ...(piiIntact === undefined ? {} : { piiIntact }),
          ...(piiAfterErasure ? { piiAfterErasure } : {}),
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

  /** The sequence of the newest recorded erasure of each erased account. */
  private async erasureSequences(tenantId: string): Promise<Map<string, number>> {
    const records = await this.models.events
      .find({ tenantId, type: ERASURE_EVENT_TYPE }, { accountId: 1, sequence: 1 })
      .lean<Pick<ActivityEventDocument, 'accountId' | 'sequence'>[]>()
      .exec();
    const sequences = new Map<string, number>();
    for (const record of records) {
      if (typeof record.accountId !== 'string') continue;
      sequences.set(record.accountId, Math.max(sequences.get(record.accountId) ?? 0, record.sequence));
    }
    return sequences;
  }

  private async piiIntact(tenantId: string, doc: ActivityEventDocument, keys: Map<string, Buffer | null>): Promise<boolean> {
    const pii = piiOf(doc);
    const accountId = doc.accountId!;
    if (!keys.has(accountId)) {
      const found = await this.models.accountKeys.findOne({ tenantId, accountId }).lean<AccountKeyDocument>().exec();
      keys.set(accountId, found ? bufferOf(found.key) : null);
    }
    const key = keys.get(accountId) ?? null;
    if (!key) return !hasPii(pii) && (doc.piiCommitment ?? null) === null;
    return piiMatchesCommitment(pii, key, doc.piiCommitment ?? null);
  }
}
