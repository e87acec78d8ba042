import { ArrayMaxSize, ArrayUnique, IsOptional, Length, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
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
} from '../types/enums.js';

/** Ids across Vigil are short opaque strings; bounding them keeps junk out of queries and logs. */
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

@InputType()
export class OpenRecoveryCaseInput {
  @Field(() => ID) @Matches(ID_PATTERN) tenantId!: string;
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
  @Field(() => ID) @Matches(ID_PATTERN) tenantId!: string;
  @Field(() => [CaseStatusEnum], { nullable: true }) @IsOptional() @ArrayMaxSize(10) statuses?: CaseStatus[];
  @Field(() => ID, { nullable: true }) @IsOptional() @Matches(ID_PATTERN) assigneeId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @Matches(ID_PATTERN) accountId?: string;
  @Field(() => CasePriorityEnum, { nullable: true }) @IsOptional() priority?: CasePriority;
}

@InputType()
export class SlaBreachFilter {
  @Field(() => ID) @Matches(ID_PATTERN) tenantId!: string;
  @Field({ nullable: true }) @IsOptional() from?: Date;
  @Field({ nullable: true }) @IsOptional() to?: Date;
  @Field(() => SlaMetricEnum, { nullable: true }) @IsOptional() metric?: SlaMetric;
  @Field(() => CasePriorityEnum, { nullable: true }) @IsOptional() priority?: CasePriority;
  @Field(() => ID, { nullable: true }) @IsOptional() @Matches(ID_PATTERN) assigneeId?: string;
}
