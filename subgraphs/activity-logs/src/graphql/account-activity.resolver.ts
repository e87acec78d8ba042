import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { ActivityQueries } from '../services/activity-queries.js';
import { connectionOf } from './activity.resolver.js';
import type { ActivityContext } from './context.js';
import { ActivityFilter } from './inputs.js';
import { Account, ActivityEventConnection } from './types.js';

/** Adds the timeline to the accounts subgraph's Account entity. */
@Resolver(() => Account)
export class AccountActivityResolver {
  constructor(private readonly queries: ActivityQueries) {}

  @FieldResolver(() => ActivityEventConnection, {
    nullable: true,
    description: "The account's activity, newest first, in the caller's tenants only.",
  })
  async activity(
    @Root() account: Account,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Arg('filter', () => ActivityFilter, { nullable: true }) filter: ActivityFilter | undefined,
    @Ctx() context: ActivityContext,
  ): Promise<ActivityEventConnection> {
    const page = await this.queries.timeline(context.identity, undefined, { ...filter, accountId: account.id }, first, after);
    return connectionOf(page, context);
  }
}
