import { Schema } from 'mongoose';
import { ownModel } from './own-model.js';

/**
 * "Notify about this alert": written in the raise path (a local insert, nothing remote), fanned out into
 * deliveries by the outbox worker, which looks up the recipient. A slow or unavailable accounts subgraph
 * therefore delays customer messages (retried with backoff) but never stalls detection or live walls.
 */
export interface NotificationJobRecord {
  /** The alert id: one job per alert. */
  _id: string;
  tenantId: string;
  /** The alert as published (plain JSON). */
  alert: Record<string, unknown>;
  status: 'QUEUED' | 'DONE' | 'FAILED';
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil?: Date;
  /** The batch claim that holds the lease (LeasedQueue.claimMany). */
  claimToken?: string;
  lastError?: string;
  createdAt: Date;
}

const schema = new Schema<NotificationJobRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    alert: { type: Schema.Types.Mixed, required: true },
    status: { type: String, enum: ['QUEUED', 'DONE', 'FAILED'], required: true },
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: Date,
    claimToken: String,
    lastError: String,
    createdAt: { type: Date, required: true },
  },
  { collection: 'notification_jobs', versionKey: false, minimize: false },
);
schema.index({ status: 1, nextAttemptAt: 1 });

/** The model on this subgraph's own connection. */
export const notificationJobModel = ownModel('NotificationJob', schema);
export type NotificationJobModel = ReturnType<typeof notificationJobModel>;
