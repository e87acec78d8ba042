import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { ActivityOutcome, ActorType } from '@vigil/core';
import type { ActivityCategory } from '@vigil/core';
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
  @Field(() => Boolean, { description: 'First time this device was seen for the account.' }) firstSeenDevice!: boolean;
  @Field(() => Boolean, { description: 'First time this country was seen for the account.' }) firstSeenCountry!: boolean;
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

@ObjectType()
export class ActivityPageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor?: string;
}

@ObjectType()
export class ActivityEventEdge {
  @Field(() => String) cursor!: string;
  @Field(() => ActivityEvent) node!: ActivityEvent;
}

@ObjectType({ description: 'A page of events, newest first.' })
export class ActivityEventConnection {
  @Field(() => [ActivityEventEdge]) edges!: ActivityEventEdge[];
  @Field(() => ActivityPageInfo) pageInfo!: ActivityPageInfo;
}

@ObjectType()
export class RecordActivitiesResult {
  @Field(() => Int, { description: 'Events newly appended to the chain.' }) recordedCount!: number;
  @Field(() => Int, { description: 'Events whose idempotencyKey was already recorded (nothing written).' })
  duplicateCount!: number;
  @Field(() => [ActivityEvent], { description: 'One per input event, in input order.' }) events!: ActivityEvent[];
}

@ObjectType()
export class ChainBreakReport {
  @Field(() => Int) sequence!: number;
  @Field(() => String, {
    description:
      'ALTERED, MISSING, LINK_MISMATCH, CHECKPOINT_MISMATCH (differs from a signed head), PII_ALTERED, PII_AFTER_ERASURE (an erased event carries personal data), FORGED_CHECKPOINT or UNRECORDED_ERASURE',
  })
  reason!: string;
  @Field(() => String) detail!: string;
}

@ObjectType({ description: "Result of verifying a tenant's chain over a sequence range." })
export class ChainVerificationReport {
  @Field(() => ID) tenantId!: string;
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Int) fromSequence!: number;
  @Field(() => Int) toSequence!: number;
  @Field(() => Int) verifiedCount!: number;
  @Field(() => Int, { description: 'Events in range removed by retention (link checked, content gone).' }) purgedCount!: number;
  @Field(() => Int, { description: 'Signed checkpoints in range whose signatures verified and matched.' })
  checkpointsVerified!: number;
  @Field(() => Int, {
    nullable: true,
    description: 'Sequence of the signed checkpoint verification started from, when older events were purged.',
  })
  anchoredAtCheckpoint?: number;
  @Field(() => ChainBreakReport, { nullable: true }) firstBreak?: ChainBreakReport;
  @Field(() => [ChainBreakReport], { description: 'Every break found, in sequence order (at most 100; see breakCount).' })
  breaks!: ChainBreakReport[];
  @Field(() => Int, { description: 'All breaks found, including those beyond the list.' }) breakCount!: number;
}

@ObjectType({
  description:
    "A signed chain head: Ed25519 over the canonical JSON {kind:'vigil.activity.signed-head', v:1, tenantId, sequence, hash, createdAt, keyId}.",
})
export class ActivityCheckpoint {
  @Field(() => ID) tenantId!: string;
  @Field(() => Int) sequence!: number;
  @Field(() => String) hash!: string;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => String, { description: 'kid of the signing key in activitySigningKeys.' }) keyId!: string;
  @Field(() => String, { description: 'Ed25519 signature, base64url.' }) signature!: string;
}

@ObjectType({ description: 'A public key that signs chain heads (RFC 8037 OKP JWK).' })
export class ActivitySigningKey {
  @Field(() => String) kid!: string;
  @Field(() => String) kty!: string;
  @Field(() => String) crv!: string;
  @Field(() => String, { description: 'The public key, base64url.' }) x!: string;
  @Field(() => String) alg!: string;
  @Field(() => String) use!: string;
  @Field(() => Boolean, { description: 'True for the key signing new heads; false for retired keys still accepted.' })
  current!: boolean;
}

@ObjectType()
export class ActivitySigningKeySet {
  @Field(() => [ActivitySigningKey]) keys!: ActivitySigningKey[];
  @Field(() => String, { description: 'The same keys as a JWK set document ({"keys":[...]}), for vigil-verify --keys.' })
  jwks!: string;
}

@ObjectType()
export class EventTypeInfo {
  @Field(() => String, { description: 'Type, or family pattern such as agent.action.*' }) type!: string;
  @Field(() => ActivityCategoryEnum) category!: ActivityCategory;
  @Field(() => String) description!: string;
  @Field(() => Int) ocsfClassUid!: number;
  @Field(() => Int) ocsfActivityId!: number;
  @Field(() => Boolean, {
    description: 'False for types only Vigil writes (system.*, agent.action.*): recordActivities and NDJSON refuse them.',
  })
  clientMaySend!: boolean;
}
