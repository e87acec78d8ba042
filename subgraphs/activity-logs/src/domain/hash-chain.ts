/**
 * The tenant's hash chain: event n stores `hash = SHA-256(canonical({v, sequence, prevHash, content}))`
 * with `prevHash` = hash of event n-1. Altering a stored event changes its hash; deleting one leaves a
 * gap in the sequence; reordering changes sequence numbers, which the hash covers.
 *
 * PII is not hashed directly: the content carries `piiCommitment`, an HMAC of the PII under a per-account
 * key. Erasure removes the PII and the key (crypto-shredding) while the commitment, and so the chain,
 * stays intact.
 */
import { createHash } from 'node:crypto';
import type { ActivityOutcome, ActorType } from '@vigil/core';
import { canonicalJson } from './canonical.js';

export const CHAIN_VERSION = 1;
export const GENESIS_HASH = '0'.repeat(64);

/** Everything about an event the chain protects. */
export interface ChainContent {
  readonly id: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly type: string;
  readonly category: string;
  readonly outcome: ActivityOutcome;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly actor: { readonly type: ActorType; readonly id?: string };
  readonly idempotencyKey?: string;
  readonly device?: { readonly browser?: string; readonly os?: string; readonly type?: string };
  readonly firstSeenDevice: boolean;
  readonly firstSeenCountry: boolean;
  /** HMAC of the event's PII under the account's key; null when the event carried no PII. */
  readonly piiCommitment: string | null;
}

export interface ChainLink {
  readonly sequence: number;
  readonly prevHash: string;
  readonly hash: string;
}

export function linkHash(sequence: number, prevHash: string, content: ChainContent): string {
  const encoded = canonicalJson({
    v: CHAIN_VERSION,
    sequence,
    prevHash,
    content: {
      ...content,
      actor: { ...content.actor },
      device: content.device ? { ...content.device } : undefined,
    },
  });
  return createHash('sha256').update(encoded).digest('hex');
}

/** Appends contents after `head` (null for an empty chain), returning their links in order. */
export function appendToChain(head: ChainLink | null, contents: readonly ChainContent[]): ChainLink[] {
  let sequence = head?.sequence ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return contents.map((content) => {
    sequence += 1;
    const hash = linkHash(sequence, prevHash, content);
    const link = { sequence, prevHash, hash };
    prevHash = hash;
    return link;
  });
}

/** One stored event as the verifier sees it. `content` is null for a purged (tombstoned) event. */
export interface StoredLink extends ChainLink {
  readonly content: ChainContent | null;
  /** False when the stored PII no longer matches its commitment (checked by the caller, which holds the key). */
  readonly piiIntact?: boolean;
}

export type ChainBreakReason = 'ALTERED' | 'MISSING' | 'LINK_MISMATCH' | 'CHECKPOINT_MISMATCH' | 'PII_ALTERED';

export interface ChainBreak {
  /** The first sequence number at which the chain stops verifying. */
  readonly sequence: number;
  readonly reason: ChainBreakReason;
  readonly detail: string;
}

/** Trusted checkpoint hashes by sequence (signatures already checked). */
export type CheckpointHashes = ReadonlyMap<number, string>;

/**
 * Streams through a tenant's stored events in ascending sequence and reports the first broken link.
 * Feed it with `accept` (no need to hold the range in memory); it stops at the first break.
 */
export class ChainVerifier {
  private expectedSequence: number;
  private expectedPrevHash: string;
  private broken: ChainBreak | null = null;
  private verifiedCount = 0;
  private purgedCount = 0;

  /** `anchor` is the trusted link just before the range (a checkpoint, or genesis at sequence 0). */
  constructor(
    anchor: { readonly sequence: number; readonly hash: string },
    private readonly checkpoints: CheckpointHashes = new Map(),
  ) {
    this.expectedSequence = anchor.sequence + 1;
    this.expectedPrevHash = anchor.hash;
  }

  /** Returns false once the chain is broken (stop feeding). */
  accept(link: StoredLink): boolean {
    if (this.broken) return false;
    if (link.sequence !== this.expectedSequence) {
      const detail =
        link.sequence > this.expectedSequence
          ? `Events ${this.expectedSequence}..${link.sequence - 1} are missing.`
          : `Event ${link.sequence} appears again after ${this.expectedSequence - 1} (duplicated or reordered).`;
      return this.fail(this.expectedSequence, link.sequence > this.expectedSequence ? 'MISSING' : 'LINK_MISMATCH', detail);
    }
    if (link.prevHash !== this.expectedPrevHash) {
      return this.fail(
        link.sequence,
        'LINK_MISMATCH',
        `Event ${link.sequence} does not point at the hash of event ${link.sequence - 1} (removed, replaced or reordered).`,
      );
    }
    if (link.content) {
      if (linkHash(link.sequence, link.prevHash, link.content) !== link.hash) {
        return this.fail(link.sequence, 'ALTERED', `Event ${link.sequence} was changed after it was recorded.`);
      }
      if (link.piiIntact === false) {
        return this.fail(
          link.sequence,
          'PII_ALTERED',
          `The personal data of event ${link.sequence} does not match what was recorded.`,
        );
      }
    } else {
      this.purgedCount += 1;
    }
    const checkpointHash = this.checkpoints.get(link.sequence);
    if (checkpointHash !== undefined && checkpointHash !== link.hash) {
      return this.fail(
        link.sequence,
        'CHECKPOINT_MISMATCH',
        `Event ${link.sequence} differs from the signed checkpoint at that sequence (chain rewritten).`,
      );
    }
    this.verifiedCount += 1;
    this.expectedSequence = link.sequence + 1;
    this.expectedPrevHash = link.hash;
    return true;
  }

  /** Call after the last event: an expected final sequence catches deletions at the end of the range. */
  finish(lastSequence?: number): ChainVerification {
    if (!this.broken && lastSequence !== undefined && this.expectedSequence <= lastSequence) {
      this.fail(this.expectedSequence, 'MISSING', `Events ${this.expectedSequence}..${lastSequence} are missing.`);
    }
    return {
      ok: this.broken === null,
      firstBreak: this.broken,
      verifiedCount: this.verifiedCount,
      purgedCount: this.purgedCount,
    };
  }

  private fail(sequence: number, reason: ChainBreakReason, detail: string): false {
    this.broken = { sequence, reason, detail };
    return false;
  }
}

export interface ChainVerification {
  readonly ok: boolean;
  readonly firstBreak: ChainBreak | null;
  readonly verifiedCount: number;
  /** Events in the range that retention purged (their link is checked, their content is gone). */
  readonly purgedCount: number;
}
