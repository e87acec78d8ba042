import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { ActivityStatsService } from '../../application/activity-stats.js';
import type { ActivityContext } from '../loaders/activity-loaders.js';
import { ActivityStats } from '../types/index.js';

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
