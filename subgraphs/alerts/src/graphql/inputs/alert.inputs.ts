import { ArrayMaxSize, IsIn, IsNotEmpty, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { AlertStatus } from '../../domain/alert-lifecycle.js';
import { RULE_IDS } from '../../domain/rule-catalog.js';
import type { Severity } from '../../domain/severity.js';
import { AlertStatusEnum, ClosingStatusEnum, SeverityEnum } from '../types/enums.js';

const ID_PATTERN = /^[A-Za-z0-9._:@-]+$/;

/** An optional list of rule ids, each one of the catalog's (the filters' `rule`): one field definition for both. */
function RuleIdsField(description?: string): PropertyDecorator {
  const decorators = [
    Field(() => [String], { nullable: true, ...(description === undefined ? {} : { description }) }),
    IsOptional(),
    ArrayMaxSize(RULE_IDS.length),
    IsIn(RULE_IDS, { each: true, message: `rule must be one of ${RULE_IDS.join(', ')}` }),
  ];
  return (target, property) => {
    for (const decorate of decorators) decorate(target, property);
  };
}

@InputType({ description: 'Narrows alerts; every condition given must hold.' })
export class AlertFilter {
  @Field(() => ID, { nullable: true, description: 'One of your tenants; default: all of them.' })
  @IsOptional()
  @Length(1, 64)
  @Matches(ID_PATTERN)
  tenantId?: string;

  @Field(() => [AlertStatusEnum], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  status?: AlertStatus[];

  @Field(() => SeverityEnum, { nullable: true })
  @IsOptional()
  minSeverity?: Severity;

  @RuleIdsField(`Rule ids: ${RULE_IDS.join(', ')}.`)
  rule?: string[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Length(1, 128)
  @Matches(ID_PATTERN)
  accountId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Also return AUDIT_ONLY findings (for rule tuning).' })
  @IsOptional()
  includeAuditOnly?: boolean;
}

@InputType({ description: 'Live alert filter: tenant (default: all yours), minimum severity, rules, account.' })
export class LiveAlertFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Length(1, 64)
  tenantId?: string;

  @Field(() => SeverityEnum, { nullable: true })
  @IsOptional()
  minSeverity?: Severity;

  @RuleIdsField()
  rule?: string[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Length(1, 128)
  accountId?: string;
}

@InputType({ description: 'Close an acknowledged alert with a verdict and the reason for it.' })
export class CloseAlertInput {
  @Field(() => ID)
  @Length(1, 64)
  @Matches(ID_PATTERN)
  alertId!: string;

  @Field(() => ClosingStatusEnum)
  status!: 'RESOLVED' | 'FALSE_POSITIVE' | 'ESCALATED';

  @Field({ description: 'Why: what the analyst found (shown in the alert history).' })
  @IsNotEmpty()
  @MaxLength(2_000)
  reason!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'ESCALATED: an existing recovery case of the alert account; omitted → recovery-cases opens a new case for it.',
  })
  @IsOptional()
  @Length(1, 64)
  @Matches(ID_PATTERN)
  caseId?: string;
}
