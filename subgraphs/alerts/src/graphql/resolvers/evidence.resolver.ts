import { internal } from '@vigil/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { EvidenceStatusEnum } from '../types/enums.js';
import type { EvidenceStatus } from '../../domain/evidence-verification.js';
import { ActivityChainUnavailableError } from '../../adapters/activity-chain-client.js';
import type { EvidenceService } from '../../application/evidence-service.js';
import type { AlertsContext } from '../loaders/loaders.js';

@ObjectType({ description: 'One evidence event: what the alert cited and what the activity chain holds now.' })
export class EvidenceCheck {
  @Field(() => ID) eventId!: string;
  @Field(() => EvidenceStatusEnum) status!: EvidenceStatus;
  @Field(() => Int, { nullable: true }) citedSequence?: number;
  @Field(() => String, { nullable: true }) citedHash?: string;
  @Field(() => Int, { nullable: true }) currentSequence?: number;
  @Field(() => String, { nullable: true }) currentHash?: string;
  @Field() detail!: string;
}

@ObjectType({ description: "An alert's evidence recomputed against the tenant's activity chain." })
export class AlertEvidenceVerification {
  @Field(() => ID) alertId!: string;
  @Field({ description: 'True when every cited event is in the chain exactly as cited and its hash recomputes.' })
  intact!: boolean;
  @Field(() => GraphQLDateTime) checkedAt!: Date;
  @Field(() => [EvidenceCheck]) events!: EvidenceCheck[];
  @Field(() => [ID], { description: 'The events that are not intact (changed, missing or unverifiable).' })
  failedEventIds!: string[];
  @Field(() => Int, { description: 'Evidence events beyond the 100 checked per call.' })
  uncheckedCount!: number;
}

@Resolver()
export class EvidenceResolver {
  constructor(private readonly evidence: EvidenceService) {}

  @Query(() => AlertEvidenceVerification, {
    description:
      "Recomputes the alert's evidence against the activity chain: intact, or which event changed (activity-logs recomputes the hashes).",
  })
  async verifyAlertEvidence(
    @Ctx() context: AlertsContext,
    @Arg('alertId', () => ID) alertId: string,
  ): Promise<AlertEvidenceVerification> {
    try {
      const report = await this.evidence.verify(context.identity, alertId);
      return {
        alertId: report.alertId,
        intact: report.intact,
        checkedAt: report.checkedAt,
        uncheckedCount: report.uncheckedCount,
        events: report.verdicts.map((verdict) => ({ ...verdict })),
        failedEventIds: report.verdicts.filter((verdict) => verdict.status !== 'INTACT').map((verdict) => verdict.eventId),
      };
    } catch (error) {
      if (error instanceof ActivityChainUnavailableError) {
        context.logger.warn({ err: error.message }, 'evidence verification could not reach activity-logs');
        throw internal('The activity log could not be reached to verify the evidence; try again shortly.');
      }
      throw error;
    }
  }
}
