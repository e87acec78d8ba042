/**
 * Reviewer workflow on events: flag (with a reason) and mark reviewed, recording who and when. The review
 * state lives outside the hash chain; only the caller's tenants' events can be marked.
 */
import { Types } from 'mongoose';
import { invalidInput, missing, type Identity } from '@vigil/core';
import type { ActivityEventDocument, ActivityModels } from './ports.js';
import { storedEventOf, type StoredActivityEvent } from './stored-event.js';

export class EventReview {
  constructor(private readonly models: Pick<ActivityModels, 'events'>) {}

  async flag(identity: Identity, id: string, flagged: boolean, reason: string | undefined): Promise<StoredActivityEvent> {
    if (reason !== undefined && reason.length > 500)
      throw invalidInput('reason is at most 500 characters.', { reason: '≤ 500 characters' });
    const set = flagged
      ? {
          'review.flagged': true,
          'review.flaggedBy': identity.subject,
          'review.flaggedAt': new Date(),
          'review.flagReason': reason ?? null,
        }
      : {
          'review.flagged': false,
          'review.flaggedBy': identity.subject,
          'review.flaggedAt': new Date(),
          'review.flagReason': null,
        };
    return this.updateReview(identity, id, set);
  }

  async markReviewed(identity: Identity, id: string): Promise<StoredActivityEvent> {
    return this.updateReview(identity, id, { 'review.reviewedBy': identity.subject, 'review.reviewedAt': new Date() });
  }

  private async updateReview(identity: Identity, id: string, set: Record<string, unknown>): Promise<StoredActivityEvent> {
    if (!/^[0-9a-f]{24}$/i.test(id)) throw missing(`No activity event ${id}.`);
    const doc = await this.models.events
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), tenantId: { $in: [...identity.tenantIds] }, purgedAt: { $exists: false } },
        { $set: set },
        { returnDocument: 'after' },
      )
      .lean<ActivityEventDocument>()
      .exec();
    if (!doc) throw missing(`No activity event ${id} in your tenants.`);
    return storedEventOf(doc);
  }
}
