import { ArrayMaxSize, IsOptional, Matches, MaxLength } from 'class-validator';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import type { ActivityOutcome, ActorType } from '@vigil/core';
import type { ActivityCategory } from '@vigil/core';
import { TIMELINE_PAGE_LIMITS } from '../../domain/cursor.js';
import type { RecorderKind } from '../../domain/recorded-by.js';
import { ActivityCategoryEnum, ActivityOutcomeEnum, ActorTypeEnum, RecorderKindEnum } from '../types/enums.js';

/** The documented page sizes of a timeline, in the schema. */
export const FIRST_DOC = `Page size: default ${TIMELINE_PAGE_LIMITS.defaultFirst}, at most ${TIMELINE_PAGE_LIMITS.maxFirst} (more is BAD_USER_INPUT).`;

/**
 * One event to record. Its fields are validated by the domain (`validateActivityBatch`), the same code
 * the NDJSON endpoint uses, so both answer the same per-item errors (BAD_USER_INPUT, extensions.fields
 * keyed `events[i].field`).
 */
@InputType()
export class ActivityEventInput {
  @Field(() => String) accountId!: string;
  @Field(() => String, { description: 'Dotted type, e.g. user.authentication.failed (see activityEventTypes).' }) type!: string;
  @Field(() => GraphQLDateTime) occurredAt!: Date;
  @Field(() => ActivityOutcomeEnum, {
    nullable: true,
    description: 'Defaults from the type (failed types are FAILURE), else UNKNOWN.',
  })
  outcome?: ActivityOutcome;
  @Field(() => ActorTypeEnum, { nullable: true, description: 'Defaults to CUSTOMER (AGENT for agent.action.*).' })
  actorType?: ActorType;
  @Field(() => String, { nullable: true }) actorId?: string;
  @Field(() => String, { nullable: true, description: 'IPv4 or IPv6 of the client.' }) ip?: string;
  @Field(() => String, { nullable: true }) userAgent?: string;
  @Field(() => String, { nullable: true }) deviceId?: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Flat fields (≤ 32, ≤ 4 KiB); never secrets.' })
  metadata?: Record<string, unknown>;
  @Field(() => String, {
    nullable: true,
    description: 'Client-chosen key: recording the same key twice returns the first event.',
  })
  idempotencyKey?: string;
}

@InputType({ description: 'Timeline filters; all optional, combined with AND.' })
export class ActivityFilter {
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(50) types?: string[];
  @Field(() => String, { nullable: true, description: 'e.g. "user.mfa." for every MFA event' })
  @IsOptional()
  @MaxLength(120)
  @Matches(/^[a-z0-9_.]+$/)
  typePrefix?: string;
  @Field(() => [ActivityCategoryEnum], { nullable: true }) categories?: ActivityCategory[];
  @Field(() => [ActivityOutcomeEnum], { nullable: true }) outcomes?: ActivityOutcome[];
  @Field(() => GraphQLDateTime, { nullable: true, description: 'occurredAt ≥ from' }) from?: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'occurredAt < to' }) to?: Date;
  @Field(() => String, { nullable: true, description: 'An address or CIDR block, IPv4 or IPv6.' })
  @IsOptional()
  @MaxLength(64)
  ipCidr?: string;
  @Field(() => [String], { nullable: true, description: 'ISO country codes' })
  @IsOptional()
  @ArrayMaxSize(50)
  countries?: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(128) deviceId?: string;
  @Field(() => [ActorTypeEnum], { nullable: true }) actorTypes?: ActorType[];
  @Field(() => String, {
    nullable: true,
    description:
      'The whole actor id, never a part of it. One holding an email, phone number or IP address the caller sees masked is FORBIDDEN.',
  })
  @IsOptional()
  @MaxLength(128)
  actorId?: string;
  @Field(() => String, {
    nullable: true,
    description:
      'Case-insensitive substring (taken literally, 2-100 characters) of any metadata value as the caller reads it. A caller who sees emails or phone numbers in metadata masked (AUDITOR, SECURITY_ANALYST) searches the masked form (j***@example.com), so a part of a whole address finds nothing, and events stored before the masked form was kept are left out of their searches; a whole email, phone number or IP address they see masked is FORBIDDEN.',
  })
  @IsOptional()
  @MaxLength(100)
  text?: string;
  @Field(() => RecorderKindEnum, {
    nullable: true,
    description:
      'Only the events Vigil recorded (VIGIL: e.g. the staff actions it attested) or only those clients sent (CLIENT). Either leaves out events stored before Vigil began to record who recorded them (recordedBy null).',
  })
  recordedBy?: RecorderKind;
  @Field(() => Boolean, { nullable: true }) flagged?: boolean;
  @Field(() => Boolean, { nullable: true }) reviewed?: boolean;
}
