import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { AlertsContext } from '../loaders/loaders.js';
import { Account } from '../types/alert.types.js';

/** What alerts adds to the accounts-owned Account: its risk from open alerts (batched per request). */
@Resolver(() => Account)
export class AccountAlertsResolver {
  @FieldResolver(() => Int, { nullable: true })
  async alertRiskScore(@Root() account: Account, @Ctx() context: AlertsContext): Promise<number> {
    return (await context.loaders.accountRisk.load(account.id)).score;
  }

  @FieldResolver(() => Int, { nullable: true })
  async openAlertCount(@Root() account: Account, @Ctx() context: AlertsContext): Promise<number> {
    return (await context.loaders.accountRisk.load(account.id)).open;
  }
}
