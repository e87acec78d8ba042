import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { ActivityStatsService } from '../../application/activity-stats.js';
import type { ActivityContext } from '../loaders/activity-loaders.js';

@ObjectType()
export class ActivityCount {
  @Field(() => String) key!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Dashboard statistics for a tenant and time range.' })
export class ActivityStats {
  @Field(() => ID) tenantId!: string;
  @Field(() => GraphQLDateTime) from!: Date;
  @Field(() => GraphQLDateTime) to!: Date;
  @Field(() => Int) total!: number;
  @Field(() => [ActivityCount]) byType!: ActivityCount[];
  @Field(() => [ActivityCount]) byOutcome!: ActivityCount[];
  @Field(() => [ActivityCount], { description: 'Hour buckets (UTC), oldest first.' }) byHour!: ActivityCount[];
  @Field(() => Int) failedLogins!: number;
  @Field(() => Int) successfulLogins!: number;
  @Field(() => Float, { nullable: true, description: 'failed / (failed + successful) sign-ins' }) failedLoginRate?: number | null;
  @Field(() => [ActivityCount], { nullable: true, description: 'Null for roles that see IPs masked.' }) topIps?:
    ActivityCount[] | null;
  @Field(() => [ActivityCount]) topCountries!: ActivityCount[];
}

@Resolver()
export class StatsResolver {
  constructor(private readonly stats: ActivityStatsService) {}

  @Query(() => ActivityStats, { nullable: true })
  async activityStats(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('from', () => GraphQLDateTime) from: Date,
    @Arg('to', () => GraphQLDateTime) to: Date,
    @Ctx() context: ActivityContext,
  ): Promise<ActivityStats> {
    const stats = await this.stats.stats(context.identity, tenantId, from, to);
    return {
      ...stats,
      byType: [...stats.byType],
      byOutcome: [...stats.byOutcome],
      byHour: [...stats.byHour],
      topIps: stats.topIps ? [...stats.topIps] : null,
      topCountries: [...stats.topCountries],
    };
  }
}
