/**
 * After a batch is committed to the chain: publish one message for the batch on the bus (the low-latency wake-up of
 * the consumers of `activity.recorded`), then announce the tenant's new head (what they poll) and each event to live
 * subscribers, then delete the batch's outbox entry. The entry is written before the events, so a
 * crash anywhere in between leaves it for the relay, which does all of this again (every step is idempotent).
 * Consumers do not depend on the bus message itself: they read the chain from their own offsets, so the message
 * says which part of which chain moved, not what it holds (one bus write per batch instead of one per event). In
 * this process it also hands over the committed entries (`AppendedChainEntries`), which spares a consumer right
 * before the batch the read; a message from another process carries none (ADR 104).
 */
import type { Types } from 'mongoose';
import type { Logger } from 'pino';
import { AppendedChainEntries, TOPICS, type ActivityAppendedPayload, type EventBus, type VigilPubSub } from '@vigil/core';
import type { ActivityAnnouncer } from '../../application/ports.js';
import type { ActivityEventDocument, ActivityModels, OutboxDocument } from '../mongo/index.js';
import { announceChainHead } from '../mongo/chain-heads.js';
import { ACTIVITY_RECORDED_CHANNEL, livePayloadOf } from './wire-payloads.js';
import { isTombstone, viewOf } from '../../application/stored-event.js';
import { afterWokenConsumers } from '../../application/woken-consumers-first.js';

export interface ActivityPublisherDeps {
  readonly models: ActivityModels;
  readonly bus: EventBus;
  readonly pubsub: VigilPubSub;
  readonly logger: Logger;
}

export class ActivityPublisher implements ActivityAnnouncer {
  constructor(private readonly deps: ActivityPublisherDeps) {}

  /**
   * The recorder's path: announces, then clears the outbox entry without waiting (the batch can be acknowledged
   * once it is announced; an entry left by a failed delete is only published again, which changes nothing).
   */
  async publish(docs: readonly ActivityEventDocument[], outboxId: Types.ObjectId): Promise<void> {
    if (!(await this.announce(docs))) return;
    this.clear(outboxId).catch((err: unknown) =>
      this.deps.logger.warn(
        { err, tenantId: docs[0]?.tenantId },
        'activity outbox entry not cleared; the relay will publish it again',
      ),
    );
  }

  discard(outboxId: Types.ObjectId): void {
    this.clear(outboxId).catch((err: unknown) =>
      this.deps.logger.warn({ err }, 'unused activity outbox entry not cleared; the relay will clear it'),
    );
  }

  /**
   * Publishes one bus message for the batch, then — once the consumers it woke in this process sent their first
   * commands (ADR 156) — announces the head (the consumers read the chain, not the head document), then each event
   * to live subscribers. The message goes out before the first await: `publish` promises it synchronously. False on
   * any failure: the outbox entry stays for the relay, which does all of it again.
   */
  private async announce(docs: readonly ActivityEventDocument[]): Promise<boolean> {
    try {
      const appended = appendedRange(docs);
      if (appended) {
        // In this process the consumers get the committed entries with the message and need not read them back.
        const local = AppendedChainEntries.of(docs);
        // The same range on a republish: the same dedupe key.
        const woken = this.deps.bus.publish<ActivityAppendedPayload>(TOPICS.activityRecorded, appended, {
          dedupeKey: `${appended.tenantId}:${appended.fromSequence}-${appended.toSequence}`,
          ...(local === null ? {} : { local }),
        });
        await Promise.all([
          woken,
          afterWokenConsumers().then(() => announceChainHead(this.deps.models, appended.tenantId, appended.toSequence)),
        ]);
      }
      for (const doc of docs) {
        // A view only for an account someone may be watching (ADR 160): in one process the pubsub knows, and a
        // batch's views were ~12 µs per event for no one. The view's account is the document's.
        if (!this.deps.pubsub.listens(ACTIVITY_RECORDED_CHANNEL, doc.accountId)) continue;
        const view = viewOf(doc);
        // Plain JSON: the Redis pubsub serialises payloads (Dates would arrive as strings anyway).
        this.deps.pubsub.publish(ACTIVITY_RECORDED_CHANNEL, view.accountId, livePayloadOf(view));
      }
      return true;
    } catch (err) {
      // Committed but not (all) announced: the outbox entry stays and republishPending() retries the batch
      // (consumers dedupe on the event id).
      this.deps.logger.error(
        { err, tenantId: docs[0]?.tenantId },
        'activity.recorded publish failed; the outbox relay will retry',
      );
      return false;
    }
  }

  private async clear(outboxId: Types.ObjectId): Promise<void> {
    // Straight to the driver, as the entry was written (ADR 153): mongoose cast the id it already is, per batch.
    await this.deps.models.outbox.collection.deleteOne({ _id: outboxId });
  }

  /** The outbox relay: publishes batches whose publish did not complete (the process died after the commit). */
  async republishPending(olderThanMs = 5000): Promise<number> {
    const { outbox, events } = this.deps.models;
    const stale = await outbox
      .find({ createdAt: { $lt: new Date(Date.now() - olderThanMs) } })
      .sort({ createdAt: 1 })
      .limit(50)
      .lean<OutboxDocument[]>()
      .exec();
    let published = 0;
    for (const entry of stale) {
      const docs = await events
        .find({ _id: { $in: entry.eventIds } })
        .sort({ sequence: 1 })
        .lean<ActivityEventDocument[]>()
        .exec();
      if (await this.announce(docs.filter((doc) => !isTombstone(doc)))) await this.clear(entry._id);
      published += docs.length;
    }
    return published;
  }
}

/** The chain positions a batch covers (null for none). One batch is one tenant's consecutive appends. */
function appendedRange(docs: readonly ActivityEventDocument[]): ActivityAppendedPayload | null {
  const first = docs[0];
  if (!first) return null;
  let fromSequence = first.sequence;
  let toSequence = first.sequence;
  for (const doc of docs) {
    fromSequence = Math.min(fromSequence, doc.sequence);
    toSequence = Math.max(toSequence, doc.sequence);
  }
  return { tenantId: first.tenantId, fromSequence, toSequence };
}
