import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { CaseStatus } from '../../domain/case-lifecycle.js';
import type { SlaEventKind, SlaMetric, SlaTimerStatus } from '../../domain/sla.js';
import type {
  CaseChannel,
  CasePriority,
  CaseReason,
  InteractionDirection,
  InteractionKind,
  RiskLevel,
  VerificationMethod,
  VerificationResult,
} from '../../domain/vocabulary.js';
import {
  CaseChannelEnum,
  CasePriorityEnum,
  CaseReasonEnum,
  CaseStatusEnum,
  ContactChangeStatusEnum,
  ContactFieldEnum,
  InteractionDirectionEnum,
  InteractionKindEnum,
  RiskLevelEnum,
  SlaEventKindEnum,
  SlaMetricEnum,
  SlaTimerStatusEnum,
  VerificationMethodEnum,
  VerificationResultEnum,
} from './enums.js';

@ObjectType('CaseTransition', { description: 'One move of the case, as auditors read it.' })
export class CaseTransitionType {
  @Field(() => CaseStatusEnum) from!: CaseStatus;
  @Field(() => CaseStatusEnum) to!: CaseStatus;
  @Field({ description: 'Agent or supervisor id, or `system` for automatic moves.' }) actorId!: string;
  @Field() at!: Date;
  @Field() reason!: string;
}

@ObjectType('VerificationAttempt')
export class VerificationAttemptType {
  @Field(() => ID) id!: string;
  @Field(() => VerificationMethodEnum) method!: VerificationMethod;
  @Field(() => VerificationResultEnum) result!: VerificationResult;
  @Field() agentId!: string;
  @Field({ nullable: true, description: 'Where the evidence is kept; SUPERVISOR and AUDITOR only.' }) evidenceRef?: string;
  @Field() at!: Date;
}

@ObjectType('CaseNote')
export class CaseNoteType {
  @Field(() => ID) id!: string;
  @Field() authorId!: string;
  @Field() body!: string;
  @Field() at!: Date;
}

@ObjectType('CustomerInteraction', { description: 'A chat transcript, call recording, ticket update or email, by reference.' })
export class InteractionType {
  @Field(() => ID) id!: string;
  @Field(() => InteractionKindEnum) kind!: InteractionKind;
  @Field(() => InteractionDirectionEnum) direction!: InteractionDirection;
  @Field() reference!: string;
  @Field() recordedBy!: string;
  @Field() at!: Date;
}

@ObjectType('ContactChangeRequest')
export class ContactChangeType {
  @Field(() => ID) id!: string;
  @Field(() => ContactFieldEnum) field!: 'EMAIL' | 'PHONE';
  @Field({ description: 'Masked unless you are a SUPERVISOR or ADMIN.' }) newValue!: string;
  @Field(() => ContactChangeStatusEnum) status!: 'PENDING' | 'APPROVED' | 'REJECTED';
  @Field() requestedBy!: string;
  @Field() requestedAt!: Date;
  @Field({ nullable: true }) decidedBy?: string;
  @Field({ nullable: true }) decidedAt?: Date;
  @Field({ nullable: true }) decisionReason?: string;
}

@ObjectType('CaseMilestones', { description: 'When the case first reached each stage.' })
export class CaseMilestonesType {
  @Field({ nullable: true }) firstResponseAt?: Date;
  @Field({ nullable: true }) verificationStartedAt?: Date;
  @Field({ nullable: true }) verifiedAt?: Date;
  @Field({ nullable: true }) resetIssuedAt?: Date;
  @Field({ nullable: true }) resolvedAt?: Date;
  @Field({ nullable: true }) rejectedAt?: Date;
  @Field({ nullable: true }) escalatedAt?: Date;
  @Field({ nullable: true }) lockedAt?: Date;
  @Field({ nullable: true }) expiredAt?: Date;
  @Field({ nullable: true }) reopenedAt?: Date;
  @Field({ nullable: true }) closedAt?: Date;
}

@ObjectType('SlaTimer')
export class SlaTimerType {
  @Field(() => SlaMetricEnum) metric!: SlaMetric;
  @Field(() => SlaTimerStatusEnum) status!: SlaTimerStatus;
  @Field(() => Int) targetSeconds!: number;
  @Field(() => Int) elapsedSeconds!: number;
  @Field(() => Int, { description: 'Negative once breached.' }) remainingSeconds!: number;
  @Field({ nullable: true, description: 'While running: when it breaches if nothing changes.' }) dueAt?: Date;
  @Field() startedAt!: Date;
  @Field({ nullable: true }) fulfilledAt?: Date;
  @Field({ nullable: true }) breachedAt?: Date;
}

@ObjectType('SlaEvent')
export class SlaEventType {
  @Field(() => SlaMetricEnum) metric!: SlaMetric;
  @Field(() => SlaEventKindEnum) kind!: SlaEventKind;
  @Field() at!: Date;
}

@ObjectType('VerificationProgress')
export class VerificationProgressType {
  @Field(() => Int) passesCounted!: number;
  @Field(() => Int) passesRequired!: number;
  @Field({ description: 'Passes must come from different factor classes (knowledge, possession, document).' })
  independent!: boolean;
  @Field(() => [VerificationMethodEnum]) allowedMethods!: VerificationMethod[];
  @Field(() => Int, { description: 'Failed attempts since the last supervisor unlock.' }) failedAttempts!: number;
  @Field(() => Int) maxFailedAttempts!: number;
}

@Directive('@key(fields: "id")')
@ObjectType('RecoveryCase', { description: 'A locked-out customer on the way back into their account.' })
export class RecoveryCaseType {
  @Field(() => ID) id!: string;
  @Field(() => ID) tenantId!: string;
  @Field() accountId!: string;
  @Field(() => CaseReasonEnum) reason!: CaseReason;
  @Field(() => CaseChannelEnum) channel!: CaseChannel;
  @Field(() => CasePriorityEnum) priority!: CasePriority;
  @Field(() => RiskLevelEnum) riskLevel!: RiskLevel;
  @Field(() => CaseStatusEnum) status!: CaseStatus;
  @Field() openedBy!: string;
  @Field() openedAt!: Date;
  @Field() updatedAt!: Date;
  @Field({ nullable: true }) assigneeId?: string;
  @Field({ nullable: true }) assignedAt?: Date;
  @Field(() => [String]) linkedAlertIds!: string[];
  @Field(() => CaseMilestonesType) milestones!: CaseMilestonesType;
  @Field(() => [CaseTransitionType]) history!: CaseTransitionType[];
  @Field(() => [CaseNoteType]) notes!: CaseNoteType[];
  @Field(() => [InteractionType]) interactions!: InteractionType[];
  @Field(() => [VerificationAttemptType]) verifications!: VerificationAttemptType[];
  @Field(() => [ContactChangeType]) contactChanges!: ContactChangeType[];
  @Field() waitingOnCustomer!: boolean;
  @Field(() => Int) reopenCount!: number;
  @Field(() => [SlaEventType]) slaEvents!: SlaEventType[];
}
