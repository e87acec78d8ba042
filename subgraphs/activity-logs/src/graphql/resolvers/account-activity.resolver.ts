import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { ActivityQueries } from '../../application/activity-queries.js';
import { TIMELINE_PAGE_LIMITS } from '../../domain/cursor.js';
import { presentConnection } from '../mappers/activity-event.mapper.js';
import type { ActivityContext } from '../loaders/activity-loaders.js';
import { ActivityFilter, FIRST_DOC } from '../inputs/activity-inputs.js';
import { Account, ActivityEventConnection } from '../types/index.js';

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
    @Arg('first', () => Int, { nullable: true, defaultValue: TIMELINE_PAGE_LIMITS.defaultFirst, description: FIRST_DOC })
    first: number,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Arg('filter', () => ActivityFilter, { nullable: true }) filter: ActivityFilter | undefined,
    @Ctx() context: ActivityContext,
  ): Promise<ActivityEventConnection> {
    const page = await this.queries.timeline(context.identity, undefined, { ...filter, accountId: account.id }, first, after);
    return presentConnection(page, context.identity);
  }
}
