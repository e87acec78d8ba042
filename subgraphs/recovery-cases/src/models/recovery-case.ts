import type { AgentActionPayload } from '@vigil/core';
import { Schema, type Connection, type Model } from 'mongoose';
import { CASE_STATUSES, type CaseStatus, type CaseTransition } from '../domain/case-lifecycle.js';
import type { ContactChangeStatus, ContactField } from '../domain/contact-change.js';
import type { OtpChallenge } from '../domain/otp.js';
import type { ResetGrant } from '../domain/reset-token.js';
import type { SlaEventKind, SlaMetric, SlaTimer } from '../domain/sla.js';
import {
  CASE_CHANNELS,
  CASE_PRIORITIES,
  CASE_REASONS,
  INTERACTION_DIRECTIONS,
  INTERACTION_KINDS,
  RISK_LEVELS,
  VERIFICATION_METHODS,
  VERIFICATION_RESULTS,
  type CaseChannel,
  type CasePriority,
  type CaseReason,
  type InteractionDirection,
  type InteractionKind,
  type RiskLevel,
  type VerificationMethod,
  type VerificationResult,
} from '../domain/vocabulary.js';

/**
 * One recovery case, stored as one document: its history, verifications, secrets (as digests), SLA
 * timers and the agent actions not yet handed to the event bus. One document means every change to a
 * case, including the audit events it produces, is written atomically (see `pendingActions`).
 */
export interface VerificationAttemptRecord {
  readonly id: string;
  readonly method: VerificationMethod;
  readonly result: VerificationResult;
  readonly agentId: string;
  /** Where the evidence lives (document scan id, call recording id…); shown to SUPERVISOR and AUDITOR only. */
  readonly evidenceRef?: string;
  readonly otpChallengeId?: string;
  readonly at: Date;
}

export interface CaseNoteRecord {
  readonly id: string;
  readonly authorId: string;
  readonly body: string;
  readonly at: Date;
}

export interface InteractionRecord {
  readonly id: string;
  readonly kind: InteractionKind;
  readonly direction: InteractionDirection;
  /** Reference into the CRM / telephony / helpdesk system (transcript id, recording id, ticket update id). */
  readonly reference: string;
  readonly recordedBy: string;
  readonly at: Date;
}

export interface ContactChangeRecord {
  readonly id: string;
  readonly field: ContactField;
  readonly newValue: string;
  readonly status: ContactChangeStatus;
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly decidedBy?: string;
  readonly decidedAt?: Date;
  readonly decisionReason?: string;
}

export interface SlaEventRecord {
  readonly metric: SlaMetric;
  readonly kind: SlaEventKind;
  readonly at: Date;
}

export interface CaseMilestones {
  firstResponseAt?: Date;
  verificationStartedAt?: Date;
  verifiedAt?: Date;
  resetIssuedAt?: Date;
  resolvedAt?: Date;
  rejectedAt?: Date;
  escalatedAt?: Date;
  lockedAt?: Date;
  expiredAt?: Date;
  reopenedAt?: Date;
  /** The last time the case entered a terminal state. */
  closedAt?: Date;
}

export interface RecoveryCaseRecord {
  _id: string;
  tenantId: string;
  accountId: string;
  reason: CaseReason;
  channel: CaseChannel;
  priority: CasePriority;
  riskLevel: RiskLevel;
  status: CaseStatus;
  openedBy: string;
  openedAt: Date;
  updatedAt: Date;
  assigneeId?: string;
  assignedAt?: Date;
  linkedAlertIds: string[];
  milestones: CaseMilestones;
  history: CaseTransition[];
  notes: CaseNoteRecord[];
  interactions: InteractionRecord[];
  verifications: VerificationAttemptRecord[];
  /** Last supervisor unlock: failures before it do not lock the case again. */
  unlockedAt?: Date;
  reopenCount: number;
  waitingOnCustomer: boolean;
  slaTimers: SlaTimer[];
  slaEvents: SlaEventRecord[];
  otpChallenges: OtpChallenge[];
  resetGrants: ResetGrant[];
  contactChanges: ContactChangeRecord[];
  /** Agent actions written with the change that caused them; the relay publishes and removes them. */
  pendingActions: AgentActionPayload[];
  /** Optimistic concurrency: every write checks and bumps it. */
  revision: number;
}

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
