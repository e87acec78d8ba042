import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';

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
