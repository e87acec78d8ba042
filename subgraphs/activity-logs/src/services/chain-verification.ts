/**
 * verifyActivityChain: streams a tenant's stored events in sequence order (a cursor, never the whole
 * range in memory) through the domain ChainVerifier, with signed checkpoints as trusted hashes and the
 * per-account keys to check that stored PII still matches its commitment.
 */
import { badUserInput } from '@vigil/core';
import { GENESIS_HASH, ChainVerifier, type ChainBreak } from '../domain/hash-chain.js';
import { piiMatchesCommitment, hasPii } from '../domain/pii.js';
import type { AccountKeyDocument, ActivityEventDocument, ActivityModels } from '../models/index.js';
import type { CheckpointService } from './checkpoints.js';
import { bufferOf, chainContentOf, isTombstone, piiOf } from './event-mapping.js';
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
  readonly firstBreak?: ChainBreak | { sequence: number; reason: 'FORGED_CHECKPOINT' | 'UNRECORDED_ERASURE'; detail: string };
}

export class ChainVerificationService {
  constructor(
    private readonly models: ActivityModels,
    private readonly checkpoints: CheckpointService,
  ) {}

  async verify(tenantId: string, from?: number, to?: number): Promise<ChainVerificationResult> {
    if (
      (from !== undefined && from < 1) ||
      (to !== undefined && to < 1) ||
      (from !== undefined && to !== undefined && from > to)
    ) {
      throw badUserInput('from and to are sequence numbers ≥ 1 with from ≤ to.', { from: '≥ 1', to: '≥ from' });
    }
    const { events } = this.models;
    const [oldest, newest] = await Promise.all([
      events.findOne({ tenantId }, { sequence: 1 }).sort({ sequence: 1 }).lean().exec(),
      events.findOne({ tenantId }, { sequence: 1 }).sort({ sequence: -1 }).lean().exec(),
    ]);
    const latestCheckpoint = await this.checkpoints.latest(tenantId);
    const headSequence = Math.max(newest?.sequence ?? 0, latestCheckpoint?.sequence ?? 0);
    if (headSequence === 0)
      return { tenantId, ok: true, fromSequence: 0, toSequence: 0, verifiedCount: 0, purgedCount: 0, checkpointsVerified: 0 };

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

    const { valid, forged } = await this.checkpoints.inRange(tenantId, start, end);
    const verifier = new ChainVerifier(anchor, new Map(valid.map((checkpoint) => [checkpoint.sequence, checkpoint.hash])));
    const erasedAccounts = new Set(
      (await events.distinct('accountId', { tenantId, type: ERASURE_EVENT_TYPE }).exec()).filter(
        (id): id is string => typeof id === 'string',
      ),
    );
    const keys = new Map<string, Buffer | null>();
    let unrecordedErasure: ChainVerificationResult['firstBreak'];

    const cursor = events
      .find({ tenantId, sequence: { $gte: start, $lte: end } })
      .sort({ sequence: 1 })
      .lean<ActivityEventDocument[]>()
      .cursor({ batchSize: 1000 });
    try {
      for await (const doc of cursor as AsyncIterable<ActivityEventDocument>) {
        const tombstone = isTombstone(doc);
        let piiIntact: boolean | undefined;
        if (!tombstone && doc.erasedAt) {
          if (!erasedAccounts.has(doc.accountId!) && !unrecordedErasure) {
            unrecordedErasure = {
              sequence: doc.sequence,
              reason: 'UNRECORDED_ERASURE',
              detail: `Event ${doc.sequence} is marked erased but no erasure of its account is recorded in the chain.`,
            };
          }
        } else if (!tombstone) {
          piiIntact = await this.piiIntact(tenantId, doc, keys);
        }
        const accepted = verifier.accept({
          sequence: doc.sequence,
          prevHash: doc.prevHash,
          hash: doc.hash,
          content: tombstone ? null : chainContentOf(doc),
          ...(piiIntact === undefined ? {} : { piiIntact }),
        });
        if (!accepted) break;
      }
    } finally {
      await cursor.close();
    }
    const lastCheckpointInRange = valid.length > 0 ? valid[valid.length - 1]!.sequence : undefined;
    const result = verifier.finish(lastCheckpointInRange);
    const firstBreak =
      result.firstBreak ??
      unrecordedErasure ??
      (forged.length > 0
        ? {
            sequence: forged[0]!.sequence,
            reason: 'FORGED_CHECKPOINT' as const,
            detail: `The checkpoint at ${forged[0]!.sequence} has no valid signature.`,
          }
        : undefined);
    return {
      tenantId,
      ok: firstBreak === undefined,
      fromSequence: start,
      toSequence: end,
      verifiedCount: result.verifiedCount,
      purgedCount: result.purgedCount,
      checkpointsVerified: valid.filter((checkpoint) => !firstBreak || checkpoint.sequence < firstBreak.sequence).length,
      ...(anchoredAtCheckpoint !== undefined ? { anchoredAtCheckpoint } : {}),
      ...(firstBreak ? { firstBreak } : {}),
    };
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
