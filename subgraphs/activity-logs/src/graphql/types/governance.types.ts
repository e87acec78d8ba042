import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { ActivityCategory } from '@vigil/core';
import { DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from '../../domain/retention.js';
import { ActivityCategoryEnum } from './enums.js';

@ObjectType()
export class CategoryRetention {
  @Field(() => ActivityCategoryEnum) category!: ActivityCategory;
  @Field(() => Int) days!: number;
}

@ObjectType()
export class LegalHold {
  @Field(() => ID) id!: string;
  @Field(() => ID) tenantId!: string;
  @Field(() => ID, { nullable: true, description: 'Absent: the hold covers the whole tenant.' }) accountId?: string;
  @Field(() => String) reason!: string;
  @Field(() => String) placedBy!: string;
  @Field(() => GraphQLDateTime) placedAt!: Date;
}

@ObjectType({
  description:
    'An erasure begun and not finished (ADR 143): running, failed part-way (failedAt), or stopped with its process. ' +
    'Until an erasure of the account finishes, legal holds covering the account are refused: run eraseAccountActivity ' +
    'again to finish it.',
})
export class UnfinishedErasure {
  @Field(() => ID) erasureId!: string;
  @Field(() => ID) accountId!: string;
  @Field(() => GraphQLDateTime) beganAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) failedAt?: Date;
}

@ObjectType({
  description: `Retention per category, ${MIN_RETENTION_DAYS} days to 7 years (${MAX_RETENTION_DAYS} days); default ${DEFAULT_RETENTION_DAYS}.`,
})
export class ActivityRetention {
  @Field(() => ID) tenantId!: string;
  @Field(() => [CategoryRetention]) categories!: CategoryRetention[];
  @Field(() => [LegalHold]) legalHolds!: LegalHold[];
  @Field(() => [UnfinishedErasure]) unfinishedErasures!: UnfinishedErasure[];
}

@ObjectType()
export class PurgeCategoryCount {
  @Field(() => ActivityCategoryEnum) category!: ActivityCategory;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class ActivityPurgeReport {
  @Field(() => ID) tenantId!: string;
  @Field(() => String) purgeRunId!: string;
  @Field(() => Boolean) blockedByLegalHold!: boolean;
  @Field(() => Int) purgedCount!: number;
  @Field(() => [PurgeCategoryCount]) purgedByCategory!: PurgeCategoryCount[];
  @Field(() => Int) compactedCount!: number;
  @Field(() => Int, { nullable: true }) anchoredAtCheckpoint?: number;
  @Field(() => ID, { nullable: true, description: 'The system.retention.purged event that records this run.' })
  purgeEventId?: string;
}

@ObjectType()
export class ActivityErasureReport {
  @Field(() => String) erasureId!: string;
  @Field(() => ID) tenantId!: string;
  @Field(() => ID) accountId!: string;
  @Field(() => Int) erasedEventCount!: number;
  @Field(() => ID) erasureEventId!: string;
}
