/**
 * The tenant's hash chain: event n stores `hash = SHA-256(canonical({v, sequence, prevHash, content}))`
 * with `prevHash` = hash of event n-1. Altering a stored event changes its hash; deleting one leaves a
 * gap in the sequence; reordering changes sequence numbers, which the hash covers.
 *
 * PII is not hashed directly: the content carries `piiCommitment`, an HMAC of the PII under a per-account
 * key. Erasure removes the PII and the key (crypto-shredding) while the commitment, and so the chain,
 * stays intact.
 *
 * Who recorded the event (`recordedBy`, ADR 145) is content too. It was added without a new CHAIN_VERSION: the
 * canonical encoding drops absent fields, so an event stored before it (no `recordedBy`) hashes exactly as it did.
 */
import { createHash } from 'node:crypto';
import type { ActivityOutcome, ActorType } from '@vigil/core/domain';
import { canonicalJson, type Canonicalisable } from './canonical.js';
import type { RecordedBy } from './recorded-by.js';

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
  /** Who recorded it (ADR 145); absent on events stored before provenance was recorded. */
  readonly recordedBy?: RecordedBy;
}

export interface ChainLink {
  readonly sequence: number;
  readonly prevHash: string;
  readonly hash: string;
}

export function linkHash(sequence: number, prevHash: string, content: ChainContent): string {
  // The content as it is: the canonical form reads only own fields and drops undefined ones, so the copies of the
  // content and its three objects made here before cost an allocation each per event and changed no byte (ADR 156).
  const encoded = canonicalJson({ v: CHAIN_VERSION, sequence, prevHash, content: canonicalContent(content) });
  return createHash('sha256').update(encoded).digest('hex');
}

/** The content as canonical JSON sees it: plain data (an interface has no index signature, so it is named here). */
function canonicalContent(content: ChainContent): Canonicalisable {
  return content as unknown as Canonicalisable;
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

/** One stored event (or export line) as the verifier sees it. `content` is null for a purged (tombstoned) event. */
export interface StoredLink extends ChainLink {
  readonly content: ChainContent | null;
  /** False when the stored PII no longer matches its commitment (checked by the caller, which holds the key). */
  readonly piiIntact?: boolean;
  /** True when the event is marked erased but still carries personal data (written back after the erasure). */
  readonly piiAfterErasure?: boolean;
  /** 1-based line of an export file, when verifying one: named in every break it causes. */
  readonly line?: number;
}

export type ChainBreakReason =
  | 'ALTERED'
  | 'MISSING'
  | 'LINK_MISMATCH'
  | 'CHECKPOINT_MISMATCH'
  | 'PII_ALTERED'
  | 'PII_AFTER_ERASURE'
  | 'FORGED_CHECKPOINT'
  | 'UNRECORDED_ERASURE'
  | 'UNSIGNED';

export interface ChainBreak {
  /** The sequence number at which the chain stops verifying. */
  readonly sequence: number;
  readonly reason: ChainBreakReason;
  readonly detail: string;
  /** Line of the export file (offline verification). */
  readonly line?: number;
}

/** Breaks listed in a report; beyond this only the count grows (a rewritten chain can break everywhere). */
export const MAX_REPORTED_BREAKS = 100;

/** Collects breaks, keeping the first MAX_REPORTED_BREAKS in sequence order and counting all. */
export class BreakList {
  readonly breaks: ChainBreak[] = [];
  count = 0;

  add(found: ChainBreak): void {
    this.count += 1;
    if (this.breaks.length < MAX_REPORTED_BREAKS) this.breaks.push(found);
  }

  sorted(): ChainBreak[] {
    return [...this.breaks].sort((a, b) => a.sequence - b.sequence || (a.line ?? 0) - (b.line ?? 0));
  }
}

/** Trusted signed-head hashes by sequence (signatures already checked). */
export type CheckpointHashes = ReadonlyMap<number, string>;

/**
 * Streams through a tenant's stored events in ascending sequence and reports every broken link (bounded
 * list): after a break it resynchronises on the stored values and goes on, so one altered event gives one
 * break and a second, unrelated alteration further on is reported too. Feed it with `accept`.
 */
export class ChainVerifier {
  private expectedSequence: number;
  private expectedPrevHash: string | null;
  private lastTrustedSequence: number;
  private readonly found: BreakList;
  private verifiedCount = 0;
  private purgedCount = 0;

  /** `anchor` is the trusted link just before the range (a signed head, or genesis at sequence 0). */
  constructor(
    anchor: { readonly sequence: number; readonly hash: string },
    private readonly checkpoints: CheckpointHashes = new Map(),
    breaks: BreakList = new BreakList(),
  ) {
    this.expectedSequence = anchor.sequence + 1;
    this.expectedPrevHash = anchor.hash;
    this.lastTrustedSequence = anchor.sequence;
    this.found = breaks;
  }

  /** Returns true when this link verified. */
  accept(link: StoredLink): boolean {
    const at = (sequence: number, reason: ChainBreakReason, detail: string) =>
      this.fail({ sequence, reason, detail, ...(link.line !== undefined ? { line: link.line } : {}) });
    if (link.sequence < this.expectedSequence) {
      return at(
        link.sequence,
        'LINK_MISMATCH',
        `Event ${link.sequence} appears again after ${this.expectedSequence - 1} (duplicated or reordered).`,
      );
    }
    let ok = true;
    if (link.sequence > this.expectedSequence) {
      ok = at(this.expectedSequence, 'MISSING', `Events ${this.expectedSequence}..${link.sequence - 1} are missing.`);
      this.expectedPrevHash = null; // the predecessor is gone: its hash cannot be checked
    }
    if (this.expectedPrevHash !== null && link.prevHash !== this.expectedPrevHash) {
      ok = at(
        link.sequence,
        'LINK_MISMATCH',
        `Event ${link.sequence} does not point at the hash of event ${link.sequence - 1} (removed, replaced or reordered).`,
      );
    }
    if (link.content) {
      if (linkHash(link.sequence, link.prevHash, link.content) !== link.hash) {
        ok = at(link.sequence, 'ALTERED', `Event ${link.sequence} was changed after it was recorded.`);
      }
      if (link.piiIntact === false) {
        ok = at(link.sequence, 'PII_ALTERED', `The personal data of event ${link.sequence} does not match what was recorded.`);
      }
      if (link.piiAfterErasure) {
        ok = at(
          link.sequence,
          'PII_AFTER_ERASURE',
          `Event ${link.sequence} is erased but carries personal data again (written after the erasure).`,
        );
      }
    } else {
      this.purgedCount += 1;
    }
    const checkpointHash = this.checkpoints.get(link.sequence);
    if (checkpointHash !== undefined) {
      if (checkpointHash !== link.hash) {
        ok = at(
          link.sequence,
          'CHECKPOINT_MISMATCH',
          `Event ${link.sequence} differs from the signed head at that sequence: events ${this.lastTrustedSequence + 1}..${link.sequence} were rewritten.`,
        );
      }
      this.lastTrustedSequence = link.sequence;
    }
    if (ok) this.verifiedCount += 1;
    this.expectedSequence = link.sequence + 1;
    this.expectedPrevHash = link.hash;
    return ok;
  }

  /** Call after the last event: an expected final sequence catches deletions at the end of the range. */
  finish(lastSequence?: number): ChainVerification {
    if (lastSequence !== undefined && this.expectedSequence <= lastSequence) {
      this.fail({
        sequence: this.expectedSequence,
        reason: 'MISSING',
        detail: `Events ${this.expectedSequence}..${lastSequence} are missing.`,
      });
    }
    const breaks = this.found.sorted();
    return {
      ok: this.found.count === 0,
      firstBreak: breaks[0] ?? null,
      breaks,
      breakCount: this.found.count,
      verifiedCount: this.verifiedCount,
      purgedCount: this.purgedCount,
    };
  }

  private fail(found: ChainBreak): false {
    this.found.add(found);
    return false;
  }
}

export interface ChainVerification {
  readonly ok: boolean;
  readonly firstBreak: ChainBreak | null;
  /** Every break found, in sequence order, at most MAX_REPORTED_BREAKS. */
  readonly breaks: readonly ChainBreak[];
  /** All breaks found, including those beyond the list. */
  readonly breakCount: number;
  readonly verifiedCount: number;
  /** Events in the range that retention purged (their link is checked, their content is gone). */
  readonly purgedCount: number;
}
