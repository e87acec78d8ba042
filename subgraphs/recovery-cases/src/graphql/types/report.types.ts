import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { CasePriority, CaseReason, RiskLevel, VerificationMethod } from '../../domain/vocabulary.js';
import type { SlaMetric } from '../../domain/sla.js';
import { CasePriorityEnum, CaseReasonEnum, RiskLevelEnum, SlaMetricEnum, VerificationMethodEnum } from './enums.js';
import { RecoveryCaseType } from './case.types.js';

@ObjectType('SlaBreach')
export class SlaBreachType {
  @Field(() => RecoveryCaseType) recoveryCase!: RecoveryCaseType;
  @Field(() => SlaMetricEnum) metric!: SlaMetric;
  @Field(() => CasePriorityEnum) priority!: CasePriority;
  @Field({ description: 'When the target was exceeded (not when it was noticed).' }) breachedAt!: Date;
  @Field(() => Int) targetSeconds!: number;
  @Field({ nullable: true }) assigneeId?: string;
}

@ObjectType('AgentRecoveryPerformance')
export class AgentPerformanceType {
  @Field() agentId!: string;
  @Field(() => Int) casesHandled!: number;
  @Field(() => Float, { nullable: true }) medianHandleTimeSeconds!: number | null;
}

@ObjectType('RecoveryMetrics', { description: 'Ratios are between 0 and 1; null when there was nothing to measure.' })
export class RecoveryMetricsType {
  @Field(() => ID) tenantId!: string;
  @Field() from!: Date;
  @Field() to!: Date;
  @Field(() => Int) casesOpened!: number;
  @Field(() => Int) casesResolved!: number;
  @Field(() => Float, { nullable: true }) firstContactResolutionRate!: number | null;
  @Field(() => Float, { nullable: true }) medianTimeToRecoverSeconds!: number | null;
  @Field(() => Float, { nullable: true }) slaCompliance!: number | null;
  @Field(() => Float, { nullable: true }) failedVerificationRate!: number | null;
  @Field(() => [AgentPerformanceType]) perAgent!: AgentPerformanceType[];
}

@ObjectType('SlaTargets')
export class SlaTargetsType {
  @Field(() => CasePriorityEnum) priority!: CasePriority;
  @Field(() => Int) firstResponseSeconds!: number;
  @Field(() => Int) nextResponseSeconds!: number;
  @Field(() => Int) resolutionSeconds!: number;
}

@ObjectType('VerificationRequirement', { description: 'For a risk level (default) or a reason (override).' })
export class VerificationRequirementType {
  @Field(() => RiskLevelEnum, { nullable: true }) riskLevel?: RiskLevel;
  @Field(() => CaseReasonEnum, { nullable: true }) reason?: CaseReason;
  @Field(() => [VerificationMethodEnum]) allowedMethods!: VerificationMethod[];
  @Field(() => Int) requiredPasses!: number;
  @Field() independent!: boolean;
}

@ObjectType('RecoverySettings')
export class RecoverySettingsType {
  @Field(() => ID) tenantId!: string;
  @Field(() => Int) maxFailedAttempts!: number;
  @Field(() => [VerificationRequirementType]) verificationRequirements!: VerificationRequirementType[];
  @Field({ description: '`ALWAYS` (24/7) or `BUSINESS_HOURS`.' }) scheduleKind!: string;
  @Field({ nullable: true }) timeZone?: string;
  @Field(() => Float) warnAtFraction!: number;
  @Field(() => [SlaTargetsType]) targets!: SlaTargetsType[];
}
