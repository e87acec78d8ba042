import { Schema, type mongo } from 'mongoose';
import { ALERT_STATUSES, type AlertStatus } from '../../domain/alert-lifecycle.js';
import { RULE_IDS, type RuleId, type RuleMode } from '../../domain/rule-catalog.js';
import { SEVERITIES, type Severity } from '../../domain/severity.js';
import type { EvidenceRef } from '../../domain/detection-history.js';
import { REDACTION_CAUSES, type RedactionCause } from '../../domain/alert-redaction.js';
import { ownModel } from './own-model.js';
import { driverCollection } from './driver-collection.js';

export interface StatusChangeRecord {
  from: AlertStatus;
  to: AlertStatus;
  by: string;
  at: Date;
  reason?: string;
  caseId?: string;
}

/** One evidence event as the alert cites it: where it sits in the tenant's activity chain, and its hash then. */
export type EvidenceRefRecord = EvidenceRef;

export interface AlertCommentRecord {
  id: string;
  by: string;
  at: Date;
  text: string;
}

export interface AlertRecord {
  /** Derived from the suppression key and the triggering event: a redelivered event maps to the same id. */
  _id: string;
  tenantId: string;
  ruleId: RuleId;
  ruleName: string;
  severity: Severity;
  status: AlertStatus;
  /** AUDIT_ONLY findings are recorded for tuning, never published or notified. */
  mode: RuleMode;
  accountId?: string;
  relatedAccountIds: string[];
  groupKey: string;
  suppressionKey: string;
  detectedAt: Date;
  raisedAt: Date;
  lastSeenAt: Date;
  /** Triggering events of this alert and of the suppressed detections that joined it. */
  triggerEventIds: string[];
  reasons: {
    thresholds: Record<string, number>;
    values: Record<string, number | string>;
    evidenceEventIds: string[];
    explanation: string;
  };
  /** Chain position and hash of each evidence event, captured when the alert cited it. */
  evidence: EvidenceRefRecord[];
  /** The finding's main number (failed logins, sprayed accounts…); a larger one updates the numbers above. */
  magnitude: number;
  /** Magnitude at the last `alertUpdated` for growth, so a long attack does not update walls on every event. */
  announcedMagnitude?: number;
  /** The open alert on the same account this one was linked to instead of standing alone. */
  correlatedAlertId?: string;
  /** The closed alert of the same rule and key this one continues (activity after it was closed). */
  previousAlertId?: string;
  assignee?: string;
  comments: AlertCommentRecord[];
  history: StatusChangeRecord[];
  acknowledgedAt?: Date;
  acknowledgedBy?: string;
  closedAt?: Date;
  closedBy?: string;
  closeReason?: string;
  caseId?: string;
  /** Set once the alert went to live subscribers and the bus; unset means "publish on redelivery". */
  publishedAt?: Date;
  /** Set once its notifications are in the outbox; unset means "enqueue on redelivery". */
  notificationsQueuedAt?: Date;
  /** Set when the personal values it copied were replaced (ADR 136): why, and when. */
  redaction?: { cause: RedactionCause; at: Date };
}

const statusChange = new Schema<StatusChangeRecord>(
  {
    from: { type: String, enum: ALERT_STATUSES, required: true },
    to: { type: String, enum: ALERT_STATUSES, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    reason: String,
    caseId: String,
  },
  { _id: false },
);

const schema = new Schema<AlertRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    ruleId: { type: String, enum: RULE_IDS, required: true },
    ruleName: { type: String, required: true },
    severity: { type: String, enum: SEVERITIES, required: true },
    status: { type: String, enum: ALERT_STATUSES, required: true },
    mode: { type: String, enum: ['ALERT', 'AUDIT_ONLY'], required: true },
    accountId: String,
    relatedAccountIds: { type: [String], default: [] },
    groupKey: { type: String, required: true },
    suppressionKey: { type: String, required: true },
    detectedAt: { type: Date, required: true },
    raisedAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    triggerEventIds: { type: [String], default: [] },
    reasons: {
      thresholds: { type: Schema.Types.Mixed, required: true },
      values: { type: Schema.Types.Mixed, required: true },
      evidenceEventIds: { type: [String], default: [] },
      explanation: { type: String, required: true },
    },
    evidence: {
      type: [
        new Schema<EvidenceRefRecord>(
          { eventId: { type: String, required: true }, sequence: Number, hash: String },
          { _id: false },
        ),
      ],
      default: [],
    },
    magnitude: { type: Number, default: 1 },
    announcedMagnitude: Number,
    correlatedAlertId: String,
    previousAlertId: String,
    assignee: String,
    comments: {
      type: [
        new Schema<AlertCommentRecord>(
          {
            id: { type: String, required: true },
            by: { type: String, required: true },
            at: { type: Date, required: true },
            text: { type: String, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    history: { type: [statusChange], default: [] },
    acknowledgedAt: Date,
    acknowledgedBy: String,
    closedAt: Date,
    closedBy: String,
    closeReason: String,
    caseId: String,
    publishedAt: Date,
    notificationsQueuedAt: Date,
    redaction: new Schema<NonNullable<AlertRecord['redaction']>>(
      { cause: { type: String, enum: REDACTION_CAUSES, required: true }, at: { type: Date, required: true } },
      { _id: false },
    ),
  },
  { collection: 'alerts', versionKey: false, minimize: false },
);
// The alert list: newest first per tenant, filtered by status.
schema.index({ tenantId: 1, raisedAt: -1, _id: -1 });
schema.index({ tenantId: 1, status: 1, raisedAt: -1 });
// Open alerts of an account: correlation and the account's risk score. The account leads (it is the
// selective field; queries add the tenant filter), which also lets the embedded server read the index.
schema.index({ accountId: 1, status: 1 });
// "Success after attack": recent attack alerts touching an account.
schema.index({ relatedAccountIds: 1, ruleId: 1, detectedAt: -1 });
// An analyst's queue.
schema.index({ tenantId: 1, assignee: 1, status: 1 });

/** The model on this subgraph's own connection. */
export const alertModel = ownModel('Alert', schema);
export type AlertModel = ReturnType<typeof alertModel>;

/** The alerts collection as the driver sees it (`driverCollection`), for commands that bypass mongoose's casting. */
export function alertCollection(alerts: AlertModel): mongo.Collection<AlertRecord> {
  return driverCollection<AlertRecord>(alerts);
}
