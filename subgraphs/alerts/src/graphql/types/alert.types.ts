import { GraphQLDateTime } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { AlertStatus } from '../../domain/alert-lifecycle.js';
import type { RuleMode } from '../../domain/rule-catalog.js';
import type { Severity } from '../../domain/severity.js';
import { AlertStatusEnum, RuleModeEnum, SeverityEnum } from './enums.js';

/** The customer account, owned by the accounts subgraph: alerts only refer to it by id. */
@ObjectType({ description: 'A customer account (owned by the accounts subgraph).' })
@Directive('@key(fields: "id")')
export class Account {
  @Field(() => ID)
  id!: string;

  // Nullable: served here, not by the account's owner, so an alerts outage nulls these and not the account.
  @Field(() => Int, {
    nullable: true,
    description: 'Account risk from its open alerts, 0–100 (CRITICAL 60, HIGH 35, MEDIUM 15, LOW 5; capped).',
  })
  alertRiskScore!: number;

  @Field(() => Int, { nullable: true, description: 'Open (OPEN or ACKNOWLEDGED) alerts on this account.' })
  openAlertCount!: number;
}

@ObjectType({ description: 'A named number or text in an alert reason vector.' })
export class ReasonValue {
  @Field()
  name!: string;

  @Field()
  value!: string;
}

@ObjectType({ description: 'Why the alert fired: thresholds in force, computed values and the evidence events.' })
export class AlertReasons {
  @Field()
  explanation!: string;

  @Field(() => [ReasonValue])
  thresholds!: ReasonValue[];

  @Field(() => [ReasonValue])
  values!: ReasonValue[];

  @Field(() => [ID], {
    description: 'Activity event ids (activity-logs), oldest first, at most 50 per detection and the newest 200 in all.',
  })
  evidenceEventIds!: string[];
}

@ObjectType({ description: 'An evidence event as the alert cites it: its place and hash in the tenant activity chain.' })
export class EvidenceReference {
  @Field(() => ID, { description: 'Activity event id (activity-logs).' })
  eventId!: string;

  @Field(() => Int, { nullable: true, description: 'Sequence number in the tenant chain when the alert cited it.' })
  sequence?: number;

  @Field(() => String, { nullable: true, description: 'Chain hash (SHA-256 hex) of the event when the alert cited it.' })
  hash?: string;
}

@ObjectType({ description: "An analyst's note on an alert." })
export class AlertComment {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Subject (agent id) who wrote it.' })
  by!: string;

  @Field(() => GraphQLDateTime)
  at!: Date;

  @Field()
  text!: string;
}

@ObjectType()
export class AlertStatusChange {
  @Field(() => AlertStatusEnum)
  from!: AlertStatus;

  @Field(() => AlertStatusEnum)
  to!: AlertStatus;

  @Field({ description: 'Subject (agent id) who made the change.' })
  by!: string;

  @Field(() => GraphQLDateTime)
  at!: Date;

  @Field(() => String, { nullable: true })
  reason?: string;

  @Field(() => ID, { nullable: true, description: 'Recovery case the alert was escalated to.' })
  caseId?: string;
}

@ObjectType({ description: 'A security alert raised by a detection rule.' })
@Directive('@key(fields: "id")')
export class Alert {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  tenantId!: string;

  @Field({ description: 'Detection rule id, e.g. brute-force.' })
  rule!: string;

  @Field()
  ruleName!: string;

  @Field(() => SeverityEnum)
  severity!: Severity;

  @Field(() => AlertStatusEnum)
  status!: AlertStatus;

  @Field(() => RuleModeEnum)
  mode!: RuleMode;

  @Field(() => [String], { description: 'Why it fired, one line per reason (the explanation first).' })
  reasons!: string[];

  @Field(() => AlertReasons)
  reasonVector!: AlertReasons;

  /** Resolved from `accountId` by a field resolver; the gateway fetches the rest from accounts. */
  accountId?: string;

  @Field(() => [ID], { description: 'The accounts the alert touches (a password spray touches many): the first 10,000.' })
  relatedAccountIds!: string[];

  @Field(() => GraphQLDateTime, { description: 'When the triggering event happened.' })
  detectedAt!: Date;

  @Field(() => GraphQLDateTime, { description: 'When the alert was stored.' })
  raisedAt!: Date;

  @Field(() => GraphQLDateTime, { description: 'Latest detection that joined this alert during its suppression window.' })
  lastSeenAt!: Date;

  @Field(() => Int, {
    description:
      'Detections folded into this alert (1 + suppressed repeats), counted up to 1,000: the size of a larger flood is in magnitude and reasons.',
  })
  occurrences!: number;

  @Field(() => ID, { nullable: true, description: 'The open alert on the same account this one is linked to.' })
  correlatedAlertId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The closed alert of the same rule and key this one continues: activity went on after it was closed.',
  })
  previousAlertId?: string;

  @Field(() => [EvidenceReference], {
    description:
      'Chain sequence and hash of each evidence event when it was cited, the newest 200 (verify with verifyAlertEvidence).',
  })
  evidence!: EvidenceReference[];

  @Field(() => String, { nullable: true, description: 'Subject (agent id) the alert is assigned to.' })
  assignee?: string;

  @Field(() => [AlertComment], { description: 'Analyst notes, oldest first.' })
  comments!: AlertComment[];

  @Field(() => [AlertStatusChange])
  history!: AlertStatusChange[];

  @Field(() => GraphQLDateTime, { nullable: true })
  acknowledgedAt?: Date;

  @Field(() => String, { nullable: true })
  acknowledgedBy?: string;

  @Field(() => GraphQLDateTime, { nullable: true })
  closedAt?: Date;

  @Field(() => ID, { nullable: true })
  caseId?: string;
}
