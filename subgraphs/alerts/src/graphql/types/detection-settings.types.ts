import { ArrayMaxSize, IsIn, IsOptional, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, Float, InputType, Int, ObjectType, ID } from 'type-graphql';
import { RULE_IDS, type RuleMode } from '../../domain/rule-catalog.js';
import type { Severity } from '../../domain/severity.js';
import { RuleModeEnum, SeverityEnum } from './enums.js';

@ObjectType()
export class RuleParameter {
  @Field()
  name!: string;

  @Field(() => Float)
  value!: number;
}

@ObjectType({
  description: "What a rule's defaults are based on: a vendor's documented behaviour, an ATT&CK technique, a guideline.",
})
export class DetectionRuleSource {
  @Field()
  title!: string;

  @Field({ description: 'An https link.' })
  url!: string;
}

@ObjectType({ description: "A detection rule as it applies to one tenant: the defaults merged with the tenant's overrides." })
export class DetectionRule {
  @Field()
  id!: string;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(() => [DetectionRuleSource])
  sources!: DetectionRuleSource[];

  @Field(() => SeverityEnum)
  severity!: Severity;

  @Field()
  enabled!: boolean;

  @Field(() => RuleModeEnum)
  mode!: RuleMode;

  @Field(() => [RuleParameter], { description: 'Thresholds and windows (windows in minutes or days, as named).' })
  parameters!: RuleParameter[];

  @Field(() => Int)
  suppressionMinutes!: number;

  @Field({
    description: 'Whether the tenant-wide IP allowlist exempts events from this rule (only rules counting across accounts).',
  })
  usesIpAllowlist!: boolean;

  @Field(() => [String], {
    description: "IPs and CIDR blocks this rule alone ignores (on top of the tenant's list when it uses it).",
  })
  ipAllowlist!: string[];
}

@ObjectType()
export class DetectionSettings {
  @Field(() => ID)
  tenantId!: string;

  @Field(() => [String], {
    description: 'IPs and CIDR blocks (office NAT, VPN egress) that the rules counting across accounts ignore.',
  })
  ipAllowlist!: string[];

  @Field(() => Int, {
    description:
      'How far behind the newest event of the tenant (event time) an event may arrive and still be judged; default 1440 (24 h).',
  })
  latenessMinutes!: number;

  @Field(() => [DetectionRule])
  rules!: DetectionRule[];
}

@InputType()
export class RuleParameterInput {
  @Field()
  @Length(1, 64)
  name!: string;

  @Field(() => Float)
  @Min(0)
  @Max(1_000_000)
  value!: number;
}

@InputType({ description: 'What to change about one rule; fields left out keep the default.' })
export class RuleOverrideInput {
  @Field()
  @IsIn(RULE_IDS, { message: `ruleId must be one of ${RULE_IDS.join(', ')}` })
  ruleId!: string;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  enabled?: boolean;

  @Field(() => RuleModeEnum, { nullable: true })
  @IsOptional()
  mode?: RuleMode;

  @Field(() => SeverityEnum, { nullable: true })
  @IsOptional()
  severity?: Severity;

  @Field(() => [RuleParameterInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(16)
  @ValidateNested({ each: true })
  parameters?: RuleParameterInput[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(525_600)
  suppressionMinutes?: number;

  @Field(() => [String], { nullable: true, description: 'Replaces the IPs / CIDRs this rule alone ignores (max 100).' })
  @IsOptional()
  @ArrayMaxSize(100)
  @MaxLength(64, { each: true })
  ipAllowlist?: string[];
}

@InputType()
export class DetectionSettingsInput {
  @Field(() => ID)
  @Length(1, 64)
  tenantId!: string;

  @Field(() => [String], { nullable: true, description: 'Replaces the allowlist (max 100 entries, like Auth0).' })
  @IsOptional()
  @ArrayMaxSize(100)
  @MaxLength(64, { each: true })
  ipAllowlist?: string[];

  @Field(() => Int, { nullable: true, description: 'Lateness bound in minutes (0–43200); default 1440.' })
  @IsOptional()
  @Min(0)
  @Max(43_200)
  latenessMinutes?: number;

  @Field(() => [RuleOverrideInput], { nullable: true, description: 'Replaces the overrides of the rules named.' })
  @IsOptional()
  @ArrayMaxSize(RULE_IDS.length)
  @ValidateNested({ each: true })
  overrides?: RuleOverrideInput[];

  @Field(() => [String], { nullable: true, description: 'Rules to put back to their defaults.' })
  @IsOptional()
  @ArrayMaxSize(RULE_IDS.length)
  @IsIn(RULE_IDS, { each: true })
  resetRules?: string[];
}
