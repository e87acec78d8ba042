import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { ActivityOutcome, ActorType } from '@vigil/core';
import type { ActivityMetadata } from '../../domain/activity-metadata.js';
import type { RecordedBy } from '../../domain/recorded-by.js';
import type { ActivityCategory } from '@vigil/core';

/**
 * One activity event, as stored. Chain fields (sequence, prevHash, hash, piiCommitment, recordedBy) are written once.
 * The PII fields (ip, ipKey, userAgent, deviceId, geo, metadata, searchText, maskedSearchText) are cleared by erasure;
 * every content field is cleared by a retention purge, which leaves a tombstone (`purgedAt`) so the
 * chain still links. `review` is reviewer workflow state, deliberately outside the chain.
 */
export interface ActivityEventDocument {
  _id: Types.ObjectId;
  tenantId: string;
  sequence: number;
  prevHash: string;
  hash: string;
  accountId?: string;
  type?: string;
  category?: ActivityCategory;
  outcome?: ActivityOutcome;
  occurredAt?: Date;
  recordedAt?: Date;
  actor?: { type: ActorType; id?: string };
  idempotencyKey?: string;
  device?: { browser?: string; os?: string; type?: string };
  firstSeenDevice?: boolean;
  firstSeenCountry?: boolean;
  piiCommitment?: string | null;
  /** Who recorded it (ADR 145), hashed with the content; absent on events stored before it was recorded. */
  recordedBy?: RecordedBy;
  /** A customer's actor id that names them; `actor.id` holds its pseudonym (ADR 140). */
  actorIdentity?: string;
  ip?: string;
  /** Sortable 32-hex key of the IP: CIDR filters are range scans over it. */
  ipKey?: string;
  userAgent?: string;
  deviceId?: string;
  geo?: { country?: string; city?: string; lat?: number; lon?: number };
  metadata?: ActivityMetadata;
  /** Lowercased metadata values joined, for free-text search without a text index. */
  searchText?: string;
  /**
   * The same of the metadata as a caller who sees contact details masked reads it (ADR 151); such callers search only
   * this. Absent on events stored before it was kept: they are left out of those callers' searches.
   */
  maskedSearchText?: string;
  erasedAt?: Date;
  purgedAt?: Date;
  purgeRunId?: string;
  review?: {
    flagged?: boolean;
    flaggedBy?: string;
    flaggedAt?: Date;
    flagReason?: string;
    reviewedBy?: string;
    reviewedAt?: Date;
  };
}

const schema = new Schema<ActivityEventDocument>(
  {
    tenantId: { type: String, required: true },
    sequence: { type: Number, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
    accountId: String,
    type: String,
    category: String,
    outcome: String,
    occurredAt: Date,
    recordedAt: Date,
    actor: { _id: false, type: { type: String }, id: String },
    idempotencyKey: String,
    device: { _id: false, browser: String, os: String, type: { type: String } },
    firstSeenDevice: Boolean,
    firstSeenCountry: Boolean,
    piiCommitment: { type: String, default: null },
    recordedBy: { _id: false, kind: String, id: String },
    actorIdentity: String,
    ip: String,
    ipKey: String,
    userAgent: String,
    deviceId: String,
    geo: { _id: false, country: String, city: String, lat: Number, lon: Number },
    metadata: { type: Schema.Types.Mixed },
    searchText: String,
    maskedSearchText: String,
    erasedAt: Date,
    purgedAt: Date,
    purgeRunId: String,
    review: {
      _id: false,
      flagged: Boolean,
      flaggedBy: String,
      flaggedAt: Date,
      flagReason: String,
      reviewedBy: String,
      reviewedAt: Date,
    },
  },
  { collection: 'activity_events', versionKey: false, minimize: true, strict: true },
);

// The chain: one event per (tenant, sequence). A concurrent writer that picked the same sequence gets
// E11000 and retries on the new head, so the chain never forks.
schema.index({ tenantId: 1, sequence: 1 }, { unique: true });
// Idempotent ingestion: a retried event with the same key is found, never inserted twice.
schema.index(
  { idempotencyKey: 1, tenantId: 1 },
  { unique: true, partialFilterExpression: { idempotencyKey: { $type: 'string' } } },
);
// The lookup of a batch's keys (`idempotencyKey: { $in }`): a full index, usable whatever the planner
// makes of the partial one above.
schema.index({ idempotencyKey: 1 });
// Account timeline, newest first, keyset-paginated on (occurredAt, _id). Account first: the page cost
// follows the account's size, not the tenant's, even on a planner that only seeks on the first field.
schema.index({ accountId: 1, tenantId: 1, occurredAt: -1, _id: -1 });
// Tenant timeline, exports, statistics and retention by time range.
schema.index({ tenantId: 1, occurredAt: -1, _id: -1 });

export type ActivityEventModel = Model<ActivityEventDocument>;

export function activityEventModel(connection: Connection): ActivityEventModel {
  return (
    (connection.models.ActivityEvent as ActivityEventModel | undefined) ??
    connection.model<ActivityEventDocument>('ActivityEvent', schema)
  );
}
