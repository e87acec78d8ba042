import { Schema, type Connection, type Model } from 'mongoose';
import type { RecoveryCaseRecord } from '../../application/case-record.js';
import { CASE_STATUSES } from '../../domain/case-lifecycle.js';
import {
  CASE_CHANNELS,
  CASE_PRIORITIES,
  CASE_REASONS,
  INTERACTION_DIRECTIONS,
  INTERACTION_KINDS,
  RISK_LEVELS,
  VERIFICATION_METHODS,
  VERIFICATION_RESULTS,
} from '../../domain/vocabulary.js';

const enumOf = (values: readonly string[]) => ({ type: String, enum: values, required: true });
const at = { type: Date, required: true };

// Untyped on purpose: mongoose's inferred types reject arrays of Mixed; the model below carries the record type.
const recoveryCaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    accountId: { type: String, required: true },
    reason: enumOf(CASE_REASONS),
    channel: enumOf(CASE_CHANNELS),
    priority: enumOf(CASE_PRIORITIES),
    riskLevel: enumOf(RISK_LEVELS),
    status: enumOf(CASE_STATUSES),
    openedBy: { type: String, required: true },
    openedAt: at,
    updatedAt: at,
    assigneeId: String,
    assignedAt: Date,
    linkedAlertIds: { type: [String], default: [] },
    milestones: { type: Schema.Types.Mixed, default: {} },
    history: { type: [Schema.Types.Mixed], default: [] },
    notes: { type: [Schema.Types.Mixed], default: [] },
    interactions: [
      new Schema(
        {
          id: { type: String, required: true },
          kind: enumOf(INTERACTION_KINDS),
          direction: enumOf(INTERACTION_DIRECTIONS),
          reference: { type: String, required: true },
          recordedBy: { type: String, required: true },
          at,
        },
        { _id: false },
      ),
    ],
    verifications: [
      new Schema(
        {
          id: { type: String, required: true },
          method: enumOf(VERIFICATION_METHODS),
          result: enumOf(VERIFICATION_RESULTS),
          agentId: { type: String, required: true },
          evidenceRef: String,
          otpChallengeId: String,
          at,
        },
        { _id: false },
      ),
    ],
    unlockedAt: Date,
    reopenCount: { type: Number, default: 0 },
    waitingOnCustomer: { type: Boolean, default: false },
    slaTimers: { type: [Schema.Types.Mixed], default: [] },
    slaEvents: { type: [Schema.Types.Mixed], default: [] },
    otpChallenges: { type: [Schema.Types.Mixed], default: [] },
    resetGrants: { type: [Schema.Types.Mixed], default: [] },
    contactChanges: { type: [Schema.Types.Mixed], default: [] },
    pendingActions: { type: [Schema.Types.Mixed], default: [] },
    revision: { type: Number, required: true },
  },
  { collection: 'recovery_cases', versionKey: false, minimize: false },
);

// Account.recoveryCases and the tenant queue, newest first.
recoveryCaseSchema.index({ tenantId: 1, accountId: 1, openedAt: -1 });
// Agent.assignedCases.
recoveryCaseSchema.index({ assigneeId: 1, openedAt: -1 });
// Supervisor queue by status, and the SLA sweep over open cases.
recoveryCaseSchema.index({ tenantId: 1, status: 1, openedAt: -1 });
// Alert.recoveryCase.
recoveryCaseSchema.index({ linkedAlertIds: 1 });
// SLA breach reports.
recoveryCaseSchema.index({ tenantId: 1, 'slaEvents.kind': 1, 'slaEvents.at': -1 });
// The outbox relay looks for cases with unpublished actions.
recoveryCaseSchema.index({ 'pendingActions.actionId': 1 }, { sparse: true });

export type RecoveryCaseModel = Model<RecoveryCaseRecord>;

export function recoveryCaseModel(connection: Connection): RecoveryCaseModel {
  return (
    (connection.models.RecoveryCase as RecoveryCaseModel | undefined) ??
    connection.model<RecoveryCaseRecord>('RecoveryCase', recoveryCaseSchema)
  );
}
