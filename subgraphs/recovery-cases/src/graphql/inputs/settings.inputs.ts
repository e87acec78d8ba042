import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsInt,
  IsOptional,
  IsTimeZone,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, Float, InputType, Int } from 'type-graphql';
import type { CasePriority, CaseReason, RiskLevel, VerificationMethod } from '../../domain/vocabulary.js';
import { CasePriorityEnum, CaseReasonEnum, RiskLevelEnum, VerificationMethodEnum } from '../types/enums.js';

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
