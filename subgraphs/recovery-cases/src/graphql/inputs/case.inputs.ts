import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsInt,
  IsOptional,
  IsTimeZone,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType, Int, Float } from 'type-graphql';
import type { CaseStatus } from '../../domain/case-lifecycle.js';
import type { SlaMetric } from '../../domain/sla.js';
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
  InteractionDirectionEnum,
  InteractionKindEnum,
  RiskLevelEnum,
  SlaMetricEnum,
  VerificationMethodEnum,
  VerificationResultEnum,
} from '../enums.js';

/** Ids across Vigil are short opaque strings; bounding them keeps junk out of queries and logs. */
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

@InputType()
export class OpenRecoveryCaseInput {
  @Field() @Matches(ID_PATTERN) tenantId!: string;
  @Field(() => ID) @Matches(ID_PATTERN) accountId!: string;
  @Field(() => CaseReasonEnum) reason!: CaseReason;
  @Field(() => CaseChannelEnum) channel!: CaseChannel;
  @Field(() => CasePriorityEnum, { defaultValue: 'NORMAL' }) priority!: CasePriority;
  @Field(() => RiskLevelEnum, { defaultValue: 'MEDIUM', description: 'SUSPECTED_COMPROMISE cases are always HIGH.' })
  riskLevel!: RiskLevel;
  @Field(() => [ID], { defaultValue: [], description: 'Alerts that led to this case.' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(ID_PATTERN, { each: true })
  linkedAlertIds!: string[];
  @Field(() => ID, { nullable: true, description: 'Default: yourself if you are an AGENT, else round-robin.' })
  @IsOptional()
  @Matches(ID_PATTERN)
  assigneeId?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 4000) note?: string;
}

@InputType()
export class RecordVerificationInput {
  @Field(() => ID) @Matches(ID_PATTERN) caseId!: string;
  @Field(() => VerificationMethodEnum) method!: VerificationMethod;
  @Field(() => VerificationResultEnum) result!: VerificationResult;
  @Field({ nullable: true, description: 'Reference to the evidence (document scan id, recording id), not the evidence.' })
  @IsOptional()
  @Length(1, 256)
  evidenceRef?: string;
}

@InputType()
export class RecordInteractionInput {
  @Field(() => ID) @Matches(ID_PATTERN) caseId!: string;
  @Field(() => InteractionKindEnum) kind!: InteractionKind;
  @Field(() => InteractionDirectionEnum) direction!: InteractionDirection;
  @Field({ description: 'Id of the transcript, recording or ticket update in its own system.' })
  @Length(1, 256)
  reference!: string;
}

@InputType()
export class RecoveryCaseFilter {
  @Field() @Matches(ID_PATTERN) tenantId!: string;
  @Field(() => [CaseStatusEnum], { nullable: true }) @IsOptional() @ArrayMaxSize(10) statuses?: CaseStatus[];
  @Field(() => ID, { nullable: true }) @IsOptional() @Matches(ID_PATTERN) assigneeId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @Matches(ID_PATTERN) accountId?: string;
  @Field(() => CasePriorityEnum, { nullable: true }) @IsOptional() priority?: CasePriority;
}

@InputType()
export class SlaBreachFilter {
  @Field() @Matches(ID_PATTERN) tenantId!: string;
  @Field({ nullable: true }) @IsOptional() from?: Date;
  @Field({ nullable: true }) @IsOptional() to?: Date;
  @Field(() => SlaMetricEnum, { nullable: true }) @IsOptional() metric?: SlaMetric;
  @Field(() => CasePriorityEnum, { nullable: true }) @IsOptional() priority?: CasePriority;
  @Field(() => ID, { nullable: true }) @IsOptional() @Matches(ID_PATTERN) assigneeId?: string;
}

@InputType()
export class SlaTargetsInput {
  @Field(() => CasePriorityEnum) priority!: CasePriority;
  @Field(() => Int) @IsInt() @Min(1) @Max(30 * 86_400) firstResponseSeconds!: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(30 * 86_400) nextResponseSeconds!: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(90 * 86_400) resolutionSeconds!: number;
}

@InputType()
export class BusinessHoursInput {
  @Field() @IsTimeZone() timeZone!: string;
  @Field(() => [Int], { description: 'ISO weekdays, 1 = Monday … 7 = Sunday.' })
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  weekdays!: number[];
  @Field(() => Int, { description: 'Minutes after local midnight.' }) @IsInt() @Min(0) @Max(1439) openMinute!: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(1440) closeMinute!: number;
}

@InputType({
  description: 'What verification a case needs: set riskLevel (the default per risk) or reason (overrides risk), not both.',
})
export class VerificationRequirementInput {
  @Field(() => RiskLevelEnum, { nullable: true }) @IsOptional() riskLevel?: RiskLevel;
  @Field(() => CaseReasonEnum, { nullable: true }) @IsOptional() reason?: CaseReason;
  @Field(() => [VerificationMethodEnum]) @ArrayMinSize(1) @ArrayMaxSize(5) @ArrayUnique() allowedMethods!: VerificationMethod[];
  @Field(() => Int) @IsInt() @Min(1) @Max(3) requiredPasses!: number;
  @Field({ description: 'Passes must come from different factor classes (knowledge, possession, document).' })
  independent!: boolean;
}

@InputType()
export class RecoverySettingsInput {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(10) maxFailedAttempts?: number;
  @Field(() => [VerificationRequirementInput], {
    nullable: true,
    description: 'Changes only the risk levels and reasons listed.',
  })
  @IsOptional()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  verificationRequirements?: VerificationRequirementInput[];
  @Field(() => [SlaTargetsInput], { nullable: true, description: 'All four priorities, or none.' })
  @IsOptional()
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  slaTargets?: SlaTargetsInput[];
  @Field(() => BusinessHoursInput, { nullable: true, description: 'Count SLA time only in these business hours.' })
  @IsOptional()
  @ValidateNested()
  businessHours?: BusinessHoursInput;
  @Field({ nullable: true, description: 'true: count SLA time around the clock (drops business hours).' })
  @IsOptional()
  twentyFourSeven?: boolean;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0.1) @Max(0.99) warnAtFraction?: number;
}
