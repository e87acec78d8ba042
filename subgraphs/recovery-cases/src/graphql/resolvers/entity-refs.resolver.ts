import { afterKey, connectionFrom, encodeCursor, mapConnection } from '@vigil/core';
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { pageOfLoaded, queueKey } from '../../application/case-queries.js';
import type { RecoveryCaseRecord } from '../../application/case-record.js';
import { CASE_PAGE } from '../../domain/paging.js';
import type { RecoveryContext } from '../loaders/recovery-loaders.js';
import { AccountRef, AgentRef, AlertRef } from '../types/entity-refs.js';
import { RecoveryCaseType } from '../types/case.types.js';
import { RecoveryCaseConnectionType } from '../types/connections.types.js';
import { toCaseView } from '../mappers/case-view.js';

const PAGE_NOTE = `\`first\` defaults to ${CASE_PAGE.defaultFirst}, at most ${CASE_PAGE.maxFirst} (more is BAD_USER_INPUT).`;

function casePage(records: readonly RecoveryCaseRecord[], first: number, after: string | undefined): RecoveryCaseConnectionType {
  return mapConnection(
    connectionFrom(pageOfLoaded(records, first, afterKey(after)), first, (r) => encodeCursor(queueKey(r))),
    toCaseView,
  );
}

@Resolver(() => AccountRef)
export class AccountRecoveryCasesResolver {
  @FieldResolver(() => RecoveryCaseConnectionType, {
    nullable: true,
    description: `The account's recovery cases in your tenants, newest first. ${PAGE_NOTE}`,
  })
  async recoveryCases(
    @Root() account: AccountRef,
    @Arg('first', () => Int, { defaultValue: CASE_PAGE.defaultFirst }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseConnectionType> {
    return casePage(await ctx.loaders.casesByAccount.load(account.id), first, after);
  }
}

@Resolver(() => AgentRef)
export class AgentAssignedCasesResolver {
  @FieldResolver(() => RecoveryCaseConnectionType, {
    nullable: true,
    description: `Cases assigned to the agent, in your tenants, newest first. ${PAGE_NOTE}`,
  })
  async assignedCases(
    @Root() agent: AgentRef,
    @Arg('first', () => Int, { defaultValue: CASE_PAGE.defaultFirst }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseConnectionType> {
    return casePage(await ctx.loaders.casesByAssignee.load(agent.id), first, after);
  }
}

@Resolver(() => AlertRef)
export class AlertRecoveryCaseResolver {
  @FieldResolver(() => RecoveryCaseType, { nullable: true, description: 'The recovery case this alert led to, if any.' })
  async recoveryCase(@Root() alert: AlertRef, @Ctx() ctx: RecoveryContext): Promise<RecoveryCaseType | null> {
    const [newest] = await ctx.loaders.casesByAlert.load(alert.id);
    return newest ? toCaseView(newest) : null;
  }
}
