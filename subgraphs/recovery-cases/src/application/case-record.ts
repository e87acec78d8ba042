import type { AgentActionPayload } from '@vigil/core';
import type { CaseStatus, CaseTransition } from '../domain/case-lifecycle.js';
import type { ContactChangeStatus, ContactField } from '../domain/contact-change.js';
import type { OtpChallenge } from '../domain/otp.js';
import type { ResetGrant } from '../domain/reset-token.js';
import type { SlaEventKind, SlaMetric, SlaTimer } from '../domain/sla.js';
import type {
  CaseChannel,
  CasePriority,
  CaseReason,
  InteractionDirection,
  InteractionKind,
  RiskLevel,
  VerificationMethod,
  VerificationResult,
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
