import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { ActivityCategory, ActivityOutcome, ActorType } from '@vigil/core';
import { ActivityCategoryEnum, ActivityOutcomeEnum, ActorTypeEnum } from './enums.js';

@ObjectType({ description: 'Who performed the activity.' })
export class ActivityActor {
  @Field(() => ActorTypeEnum) type!: ActorType;
  @Field(() => String, { nullable: true }) id?: string;
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
