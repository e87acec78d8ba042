import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { ActivityCategory, ActivityOutcome, ActorType } from '@vigil/core';
import type { RecorderKind } from '../../domain/recorded-by.js';
import { ActivityCategoryEnum, ActivityOutcomeEnum, ActorTypeEnum, RecorderKindEnum } from './enums.js';

@ObjectType({ description: 'Who performed the activity.' })
export class ActivityActor {
  @Field(() => ActorTypeEnum) type!: ActorType;
  @Field(() => String, { nullable: true }) id?: string;
}

/** The GraphQL type `ActivityRecorder` (named apart from the application's ActivityRecorder service). */
@ObjectType('ActivityRecorder', {
  description:
    'Who recorded the event, hashed in the chain with it (ADR 145). The actor says who acted and a client may name any actor; only this tells an event a client sent from one Vigil itself recorded.',
})
export class ActivityRecorderInfo {
  @Field(() => RecorderKindEnum) kind!: RecorderKind;
  @Field(() => String, {
    description:
      "CLIENT: the subject of the caller's verified token (a service principal). VIGIL: the writing source, e.g. agent-actions, admin-actions, account-erasure, retention-purge. An id that embeds an email, phone number or IP is masked by role, as actor ids are.",
  })
  id!: string;
}

@ObjectType({
  description: 'Location derived from the IP at ingest (geoip-lite). Reduced to the country for roles that see PII masked.',
})
export class ActivityGeo {
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2' }) country?: string;
  @Field(() => String, { nullable: true }) city?: string;
  @Field(() => Float, { nullable: true }) lat?: number;
  @Field(() => Float, { nullable: true }) lon?: number;
}

@ObjectType({ description: 'Browser, OS and device class derived from the user agent at ingest.' })
export class ActivityDevice {
  @Field(() => String, { nullable: true }) browser?: string;
  @Field(() => String, { nullable: true }) os?: string;
  @Field(() => String, { nullable: true, description: 'desktop, mobile, tablet, …' }) type?: string;
}

@ObjectType({ description: 'Reviewer workflow state (not part of the hash chain).' })
export class ActivityReview {
  @Field(() => Boolean) flagged!: boolean;
  @Field(() => String, { nullable: true }) flaggedBy?: string;
  @Field(() => GraphQLDateTime, { nullable: true }) flaggedAt?: Date;
  @Field(() => String, { nullable: true }) flagReason?: string;
  @Field(() => String, { nullable: true }) reviewedBy?: string;
  @Field(() => GraphQLDateTime, { nullable: true }) reviewedAt?: Date;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: "One entry of an account timeline, appended to its tenant's tamper-evident hash chain." })
export class ActivityEvent {
  @Field(() => ID) id!: string;
  @Field(() => ID) tenantId!: string;
  @Field(() => ID) accountId!: string;
  @Field(() => Int, { description: "Position in the tenant's hash chain (1-based)." }) sequence!: number;
  @Field(() => String, { description: 'SHA-256 of this link (hex).' }) hash!: string;
  @Field(() => String, { description: 'Dotted event type, e.g. user.authentication.failed.' }) type!: string;
  @Field(() => ActivityCategoryEnum) category!: ActivityCategory;
  @Field(() => ActivityOutcomeEnum) outcome!: ActivityOutcome;
  @Field(() => GraphQLDateTime) occurredAt!: Date;
  @Field(() => GraphQLDateTime) recordedAt!: Date;
  @Field(() => ActivityActor) actor!: ActivityActor;
  @Field(() => ActivityRecorderInfo, {
    nullable: true,
    description:
      'Who recorded the event: a client (its principal) or Vigil (the source). Null for events stored before Vigil began to record it (ADR 145): who sent those is unknown.',
  })
  recordedBy?: ActivityRecorderInfo;
  @Field(() => String, { nullable: true, description: 'Masked (203.0.113.x) for roles without PII access.' }) ip?: string;
  @Field(() => String, { nullable: true, description: 'Withheld for roles without PII access.' }) userAgent?: string;
  @Field(() => String, { nullable: true, description: 'Masked (****1234) for roles without PII access.' }) deviceId?: string;
  @Field(() => ActivityGeo, { nullable: true }) geo?: ActivityGeo;
  @Field(() => ActivityDevice, { nullable: true }) device?: ActivityDevice;
  @Field(() => Boolean, {
    description:
      'First time this device was seen for the account. An account remembers its first 1,000 devices: past them, every device it does not remember is reported first seen.',
  })
  firstSeenDevice!: boolean;
  @Field(() => Boolean, {
    description: 'First time this country was seen for the account (its first 1,000 remembered, as devices are).',
  })
  firstSeenCountry!: boolean;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Type-specific fields; withheld for roles without PII access.' })
  metadata?: Record<string, unknown>;
  @Field(() => GraphQLDateTime, { nullable: true, description: "Set when the account's personal data was erased." })
  erasedAt?: Date;
  @Field(() => ActivityReview) review!: ActivityReview;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A customer account (owned by the accounts subgraph); activity-logs adds its timeline.' })
export class Account {
  @Field(() => ID) id!: string;
}
