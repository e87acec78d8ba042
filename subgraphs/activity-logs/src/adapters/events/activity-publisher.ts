/**
 * After a batch is committed to the chain: announce the tenant's new head (what the consumers of
 * `activity.recorded` poll), publish one message for the batch on the bus (their low-latency wake-up) and each
 * event to live subscribers, then delete the batch's outbox entry. The entry is written before the events, so a
 * crash anywhere in between leaves it for the relay, which does all of this again (every step is idempotent).
 * Consumers do not depend on the bus message itself: they read the chain from their own offsets, so the message
 * says which part of which chain moved, not what it holds (one bus write per batch instead of one per event).
 */
import type { Types } from 'mongoose';
import type { Logger } from 'pino';
import { TOPICS, type ActivityAppendedPayload, type EventBus, type VigilPubSub } from '@vigil/core';
import type { ActivityAnnouncer } from '../../application/ports.js';
import type { ActivityEventDocument, ActivityModels, OutboxDocument } from '../mongo/index.js';
import { announceChainHead } from '../mongo/chain-heads.js';
import { ACTIVITY_RECORDED_CHANNEL, livePayloadOf } from './wire-payloads.js';
import { isTombstone, viewOf } from '../../application/stored-event.js';

export interface ActivityPublisherDeps {
  readonly models: ActivityModels;
  readonly bus: EventBus;
  readonly pubsub: VigilPubSub;
  readonly logger: Logger;
}

export class ActivityPublisher implements ActivityAnnouncer {
  constructor(private readonly deps: ActivityPublisherDeps) {}

  /** Announces, publishes, then clears the outbox entry; on any failure the entry stays for the relay. */
  async publish(docs: readonly ActivityEventDocument[], outboxId: Types.ObjectId): Promise<void> {
    try {
      const appended = appendedRange(docs);
      if (appended) {
        await announceChainHead(this.deps.models, appended.tenantId, appended.toSequence);
        // The same range on a republish: the same dedupe key.
        await this.deps.bus.publish<ActivityAppendedPayload>(TOPICS.activityRecorded, appended, {
          dedupeKey: `${appended.tenantId}:${appended.fromSequence}-${appended.toSequence}`,
        });
      }
      for (const doc of docs) {
        const view = viewOf(doc);
        // Plain JSON: the Redis pubsub serialises payloads (Dates would arrive as strings anyway).
        this.deps.pubsub.publish(ACTIVITY_RECORDED_CHANNEL, view.accountId, livePayloadOf(view));
      }
    } catch (err) {
      // Committed but not (all) announced: the outbox entry stays and republishPending() retries the batch
      // (consumers dedupe on the event id).
      this.deps.logger.error(
        { err, tenantId: docs[0]?.tenantId },
        'activity.recorded publish failed; the outbox relay will retry',
      );
      return;
    }
    await this.deps.models.outbox.deleteOne({ _id: outboxId });
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
      await this.publish(
        docs.filter((doc) => !isTombstone(doc)),
        entry._id,
      );
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
