import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { RecoveryQueries } from '../../services/recovery-queries.js';
import type { RecoveryCaseService } from '../../services/recovery-case-service.js';
import type { RecoveryContext } from '../context.js';
import { RecoveryCaseFilter } from '../inputs/case.inputs.js';
import { RecoveryCaseType } from '../types/case.types.js';
import { toCaseView } from '../views.js';

@Resolver()
export class RecoveryCaseQueryResolver {
  constructor(
    private readonly service: RecoveryCaseService,
    private readonly queries: RecoveryQueries,
  ) {}

  @Query(() => RecoveryCaseType, {
    nullable: true,
    description: 'One case. Opening it is logged as agent.action.account.viewed.',
  })
  async recoveryCase(@Arg('id', () => ID) id: string, @Ctx() ctx: RecoveryContext): Promise<RecoveryCaseType> {
    return toCaseView(await this.service.view(ctx.identity, id));
  }

  @Query(() => [RecoveryCaseType], { nullable: true, description: 'The queue: cases of one tenant, newest first (at most 200).' })
  async recoveryCases(
    @Arg('filter', () => RecoveryCaseFilter) filter: RecoveryCaseFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseType[]> {
    return (await this.queries.list(ctx.identity, filter, first)).map(toCaseView);
  }
}
