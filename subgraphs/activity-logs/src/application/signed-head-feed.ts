/**
 * Streams a tenant's stored signed heads in sequence order beside the events being verified, so a range
 * with one head per batch (up to one per event) is never held in memory. Each head's signature is checked
 * once: valid heads become trusted hashes for the chain verifier, the others are FORGED_CHECKPOINT breaks.
 */
import type { BreakList } from '../domain/hash-chain.js';
import type { CheckpointDocument } from './ports.js';

export class SignedHeadFeed {
  private readonly iterator: AsyncIterator<CheckpointDocument>;
  private pending: IteratorResult<CheckpointDocument> | null = null;
  /** Valid heads not yet passed by the events: sequence → hash (the chain verifier reads it). */
  readonly trusted = new Map<number, string>();
  validCount = 0;
  lastValid: number | undefined;

  constructor(
    private readonly cursor: AsyncIterable<CheckpointDocument> & { close(): Promise<unknown> },
    private readonly verifies: (head: CheckpointDocument) => boolean,
    private readonly found: BreakList,
  ) {
    this.iterator = cursor[Symbol.asyncIterator]();
  }

  /** Reads every head with sequence ≤ `upTo` (all of them when undefined). */
  async advance(upTo?: number): Promise<void> {
    for (;;) {
      this.pending ??= await this.iterator.next();
      if (this.pending.done || (upTo !== undefined && this.pending.value.sequence > upTo)) return;
      const head = this.pending.value;
      this.pending = null;
      if (this.verifies(head)) {
        this.trusted.set(head.sequence, head.hash);
        this.validCount += 1;
        this.lastValid = Math.max(this.lastValid ?? 0, head.sequence);
      } else {
        this.found.add({
          sequence: head.sequence,
          reason: 'FORGED_CHECKPOINT',
          detail: `The signed head at ${head.sequence} has no valid signature from a published key.`,
        });
      }
    }
  }

  /** Forgets trusted heads the events have passed (keeps memory bounded). */
  passed(sequence: number): boolean {
    let signed = false;
    for (const at of this.trusted.keys()) {
      if (at > sequence) break;
      if (at === sequence) signed = true;
      this.trusted.delete(at);
    }
    return signed;
  }

  async close(): Promise<void> {
    await this.cursor.close();
  }
}
