import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RecoveryContext } from '../loaders/recovery-loaders.js';
import { AccountRef, AgentRef, AlertRef } from '../types/entity-refs.js';
import { RecoveryCaseType } from '../types/case.types.js';
import { toCaseView } from '../mappers/case-view.js';

@Resolver(() => AccountRef)
export class AccountRecoveryCasesResolver {
  @FieldResolver(() => [RecoveryCaseType], {
    nullable: true,
    description: "The account's recovery cases in your tenants, newest first.",
  })
  async recoveryCases(@Root() account: AccountRef, @Ctx() ctx: RecoveryContext): Promise<RecoveryCaseType[]> {
    return (await ctx.loaders.casesByAccount.load(account.id)).map(toCaseView);
  }
}

@Resolver(() => AgentRef)
export class AgentAssignedCasesResolver {
  @FieldResolver(() => [RecoveryCaseType], {
    nullable: true,
    description: 'Cases assigned to the agent, in your tenants, newest first.',
  })
  async assignedCases(@Root() agent: AgentRef, @Ctx() ctx: RecoveryContext): Promise<RecoveryCaseType[]> {
    return (await ctx.loaders.casesByAssignee.load(agent.id)).map(toCaseView);
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
