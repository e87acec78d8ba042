/**
 * The verifiable export: a tenant's chain from one signed head (or the genesis) to another, in sequence
 * order, purged events as tombstones, each signed head right after the event it signs. Streams events and
 * heads from two cursors, so memory stays flat whatever the range.
 */
import { requireTenantAccess, invalidInput, type Identity, type Role } from '@vigil/core';
import { viewForReader, type ActivityEventView } from '../domain/activity-event.js';
import { eventLine, signedHeadLine, tombstoneLine } from '../domain/chain-export-format.js';
import { toVigilRecord } from '../domain/export-format.js';
import type { ActivityEventDocument, ActivityModels, CheckpointDocument } from './ports.js';
import type { CheckpointService } from './checkpoints.js';
import { isTombstone, viewOf } from './stored-event.js';

/** The events to cover: by sequence, or by recording time (mapped to the sequences recorded in it). */
export type ChainExportRange =
  | { readonly by: 'sequence'; readonly from?: number; readonly to?: number }
  | { readonly by: 'time'; readonly from: Date; readonly to: Date };

export class ChainExportService {
  constructor(
    private readonly models: ActivityModels,
    private readonly checkpoints: CheckpointService,
  ) {}

  /** Checks access, resolves the range to [anchor head, closing head]; throws before anything is streamed. */
  async plan(identity: Identity, tenantId: string, range: ChainExportRange): Promise<{ from: number; to: number } | null> {
    requireTenantAccess(identity, tenantId);
    const bounds = await this.sequenceBounds(tenantId, range);
    if (!bounds) return null;
    // Widen to signed heads: start right after the newest head below the range (genesis when none)…
    const anchor = bounds.from > 1 ? await this.checkpoints.anchorAtOrBelow(tenantId, bounds.from - 1) : null;
    // …and end at the oldest head at or after its end (signing the current head when none covers it yet).
    const closing =
      (await this.checkpoints.closingAtOrAbove(tenantId, bounds.to)) ?? (await this.checkpoints.checkpointHead(tenantId));
    return { from: anchor ? anchor.sequence : 0, to: closing ? Math.max(closing.sequence, bounds.to) : bounds.to };
  }

  /** Lines of the export for a planned range [from (anchor head), to (closing head)]. */
  async *lines(identity: Identity, tenantId: string, plan: { from: number; to: number }): AsyncGenerator<string> {
    const heads = this.checkpoints.cursor(tenantId, plan.from, plan.to);
    const events = this.models.events
      .find({ tenantId, sequence: { $gt: plan.from, $lte: plan.to } })
      .sort({ sequence: 1 })
      .lean<ActivityEventDocument[]>()
      .cursor({ batchSize: 500 });
    try {
      const headIterator = (heads as AsyncIterable<CheckpointDocument>)[Symbol.asyncIterator]();
      let nextHead = await headIterator.next();
      // The anchor head (if any) comes first: the first event links to it.
      while (!nextHead.done && nextHead.value.sequence <= plan.from) {
        yield signedHeadLine(nextHead.value);
        nextHead = await headIterator.next();
      }
      for await (const doc of events as AsyncIterable<ActivityEventDocument>) {
        const link = { sequence: doc.sequence, prevHash: doc.prevHash, hash: doc.hash };
        yield isTombstone(doc)
          ? tombstoneLine(link)
          : eventLine(toVigilRecord(verifiableView(viewOf(doc), identity.roles)), link);
        while (!nextHead.done && nextHead.value.sequence <= doc.sequence) {
          yield signedHeadLine(nextHead.value);
          nextHead = await headIterator.next();
        }
      }
      while (!nextHead.done) {
        yield signedHeadLine(nextHead.value);
        nextHead = await headIterator.next();
      }
    } finally {
      await Promise.all([events.close(), heads.close()]);
    }
  }

  private async sequenceBounds(tenantId: string, range: ChainExportRange): Promise<{ from: number; to: number } | null> {
    const { events } = this.models;
    if (range.by === 'sequence') {
      if (
        (range.from !== undefined && range.from < 1) ||
        (range.to !== undefined && range.from !== undefined && range.from > range.to)
      ) {
        throw invalidInput('fromSequence and toSequence are sequence numbers ≥ 1 with fromSequence ≤ toSequence.');
      }
      const newest = await events.findOne({ tenantId }, { sequence: 1 }).sort({ sequence: -1 }).lean().exec();
      if (!newest) return null;
      return { from: range.from ?? 1, to: Math.min(range.to ?? newest.sequence, newest.sequence) };
    }
    if (!(range.from < range.to)) throw invalidInput('from must be before to.', { from: 'before to' });
    const window = { tenantId, recordedAt: { $gte: range.from, $lt: range.to } };
    const [first, last] = await Promise.all([
      events.findOne(window, { sequence: 1 }).sort({ sequence: 1 }).lean().exec(),
      events.findOne(window, { sequence: 1 }).sort({ sequence: -1 }).lean().exec(),
    ]);
    return first && last ? { from: first.sequence, to: last.sequence } : null;
  }
}

/**
 * The event as the reader may see it, except for what the chain hashes: the actor is covered by the link hash, so it
 * is exported as stored or no one could verify the line, and so is who recorded it (ADR 145). A customer's id that names them is stored as its pseudonym
 * (ADR 140): this export carries the pseudonym and leaves the identity out (the audit export shows it by role). Personal
 * data outside the hash (IP, device, metadata) is disclosed by role as elsewhere.
 */
function verifiableView(view: ActivityEventView, roles: readonly Role[]): ActivityEventView {
  return { ...viewForReader(view, roles), actor: view.actor, ...(view.recordedBy ? { recordedBy: view.recordedBy } : {}) };
}
