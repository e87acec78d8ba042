import { Schema } from 'mongoose';
import { EVENT_KINDS, type EventKind } from '../../domain/detection-event.js';
import { ownModel } from './own-model.js';

/**
 * Rule state: the activity events detection reasons about, kept per tenant so windows survive restarts
 * and every instance counts the same events. Only events with a kind are kept; a purge job removes
 * those older than the longest lookback.
 */
export interface DetectionEventRecord {
  tenantId: string;
  eventId: string;
  accountId: string;
  type: string;
  kinds: EventKind[];
  outcome: string;
  occurredAt: Date;
  ip?: string;
  deviceId?: string;
  country?: string;
  lat?: number;
  lon?: number;
  firstSeenDevice?: boolean;
  changedFields?: string[];
  caseId?: string;
  amount?: number;
  scopes?: string[];
  appName?: string;
  sequence?: number;
  hash?: string;
  /** `tenant|account|kind` for each kind: the per-account windows read one index key. */
  accountKeys: string[];
  /** `tenant|ip|kind` for each kind (when the event has an IP): the per-IP windows. */
  ipKeys: string[];
}

/** Window keys: one equality per query, so any index engine (MongoDB's or the embedded one) reads only the candidates. */
export const accountWindowKey = (tenantId: string, accountId: string, kind: string) => `${tenantId}|${accountId}|${kind}`;
export const ipWindowKey = (tenantId: string, ip: string, kind: string) => `${tenantId}|${ip}|${kind}`;

const schema = new Schema<DetectionEventRecord>(
  {
    tenantId: { type: String, required: true },
    // Unique per tenant: a redelivered bus message is stored once, so it is counted once.
    eventId: { type: String, required: true },
    accountId: { type: String, required: true },
    type: { type: String, required: true },
    kinds: { type: [String], enum: EVENT_KINDS, required: true },
    outcome: { type: String, required: true },
    occurredAt: { type: Date, required: true },
    ip: String,
    deviceId: String,
    country: String,
    lat: Number,
    lon: Number,
    firstSeenDevice: Boolean,
    changedFields: { type: [String], default: undefined },
    caseId: String,
    amount: Number,
    scopes: { type: [String], default: undefined },
    appName: String,
    sequence: Number,
    hash: String,
    accountKeys: { type: [String], default: [] },
    ipKeys: { type: [String], default: [] },
  },
  { collection: 'detection_events', versionKey: false },
);
schema.index({ tenantId: 1, eventId: 1 }, { unique: true });
// Per-account windows (brute force, MFA fatigue, takeover chain, baselines…).
schema.index({ accountKeys: 1, occurredAt: 1 });
// Per-IP windows (password spray, credential stuffing).
schema.index({ ipKeys: 1, occurredAt: 1 });
schema.index({ occurredAt: 1 });

/** The model on this subgraph's own connection. */
export const detectionEventModel = ownModel('DetectionEvent', schema);
export type DetectionEventModel = ReturnType<typeof detectionEventModel>;
