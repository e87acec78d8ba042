import { afterKey, connectionFrom, encodeCursor, mapConnection } from '@vigil/core';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { RecoveryCommandDeps } from '../../application/case-command.js';
import { viewCase } from '../../application/case-conversation.js';
import { queueKey, type RecoveryQueries } from '../../application/case-queries.js';
import { CASE_PAGE } from '../../domain/paging.js';
import { RecoveryCaseFilter } from '../inputs/case.inputs.js';
import type { RecoveryContext } from '../loaders/recovery-loaders.js';
import { toCaseView } from '../mappers/case-view.js';
import { RecoveryCaseType } from '../types/case.types.js';
import { RecoveryCaseConnectionType } from '../types/connections.types.js';

@Resolver()
export class RecoveryCaseQueryResolver {
  constructor(
    private readonly commands: RecoveryCommandDeps,
    private readonly queries: RecoveryQueries,
  ) {}

  @Query(() => RecoveryCaseType, {
    nullable: true,
    description: 'One case. Opening it is logged as agent.action.account.viewed.',
  })
  async recoveryCase(@Arg('id', () => ID) id: string, @Ctx() ctx: RecoveryContext): Promise<RecoveryCaseType> {
    return toCaseView(await viewCase(this.commands, ctx.identity, id));
  }

  @Query(() => RecoveryCaseConnectionType, {
    nullable: true,
    description: `The queue: cases of one tenant, newest first. \`first\` defaults to ${CASE_PAGE.defaultFirst}, at most ${CASE_PAGE.maxFirst} (more is BAD_USER_INPUT).`,
  })
  async recoveryCases(
    @Arg('filter', () => RecoveryCaseFilter) filter: RecoveryCaseFilter,
    @Arg('first', () => Int, { defaultValue: CASE_PAGE.defaultFirst }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseConnectionType> {
    const records = await this.queries.queue(ctx.identity, filter, first, afterKey(after));
    return mapConnection(
      connectionFrom(records, first, (record) => encodeCursor(queueKey(record))),
      toCaseView,
    );
  }
}
