/**
 * After a batch is committed to the chain: announce the tenant's new head (what the consumers of
 * `activity.recorded` poll), publish each event on the bus (their low-latency wake-up) and to live
 * subscribers, then delete the batch's outbox entry. The entry is written before the events, so a crash
 * anywhere in between leaves it for the relay, which does all of this again (every step is idempotent).
 * Consumers do not depend on the bus message itself: they read the chain from their own offsets.
 */
import type { Types } from 'mongoose';
import type { Logger } from 'pino';
import { TOPICS, type ActivityRecordedPayload, type EventBus, type VigilPubSub } from '@vigil/core';
import type { ActivityAnnouncer } from '../../application/ports.js';
import type { ActivityEventDocument, ActivityModels, OutboxDocument } from '../mongo/index.js';
import { announceChainHead } from '../mongo/chain-heads.js';
import { ACTIVITY_RECORDED_CHANNEL, livePayloadOf, recordedPayload } from './wire-payloads.js';
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
      const last = docs.at(-1);
      if (last) await announceChainHead(this.deps.models, last.tenantId, Math.max(...docs.map((doc) => doc.sequence)));
      for (const doc of docs) {
        const view = viewOf(doc);
        await this.deps.bus.publish<ActivityRecordedPayload>(TOPICS.activityRecorded, recordedPayload(view), {
          dedupeKey: view.id,
        });
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
