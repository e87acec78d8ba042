import { afterKey, connectionFrom, encodeCursor } from '@vigil/core';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { accountKey, createAccount, listAccounts, updateAccount } from '../../application/accounts.js';
import type { AccountsDeps } from '../../application/ports.js';
import { ACCOUNT_PAGE } from '../../domain/page.js';
import { CreateAccountInput, UpdateAccountInput } from '../inputs/account.input.js';
import { definedFields } from '../inputs/defined-fields.js';
import type { AccountsContext } from '../loaders/accounts-loaders.js';
import { toAccount } from '../mappers/accounts-mappers.js';
import { Account, AccountConnection } from '../types/account.type.js';

/** Thin: argument → use case → mapper. */
@Resolver(() => Account)
export class AccountResolver {
  constructor(private readonly deps: AccountsDeps) {}

  @Query(() => Account, { nullable: true, description: 'An account of one of your tenants; null when absent or not yours.' })
  account(@Arg('id', () => ID) id: string, @Ctx() context: AccountsContext): Promise<Account | null> {
    return context.loaders.accountById.load(id);
  }

  @Query(() => AccountConnection, {
    nullable: true,
    description: `A tenant's accounts, ordered by id: \`first\` defaults to ${ACCOUNT_PAGE.defaultFirst}, at most ${ACCOUNT_PAGE.maxFirst} (more is BAD_USER_INPUT).`,
  })
  async accounts(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('first', () => Int, { defaultValue: ACCOUNT_PAGE.defaultFirst }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() context: AccountsContext,
  ): Promise<AccountConnection> {
    const records = await listAccounts(this.deps, context.identity, tenantId, afterKey(after), first);
    const page = connectionFrom(records.map(toAccount), first, (account) => encodeCursor(accountKey(account.id)));
    for (const { node } of page.edges) context.loaders.accountById.prime(node.id, node);
    return page;
  }

  @Mutation(() => Account, { description: 'ADMIN or SUPERVISOR of the tenant.' })
  async createAccount(@Arg('input') input: CreateAccountInput, @Ctx() context: AccountsContext): Promise<Account> {
    const created = await createAccount(this.deps, context.identity, input);
    context.logger.info({ accountId: created._id, tenantId: created.tenantId }, 'account created');
    return toAccount(created);
  }

  @Mutation(() => Account, {
    description: 'ADMIN or SUPERVISOR of the tenant. CLOSED accounts cannot change status (CONFLICT with allowedTransitions).',
  })
  async updateAccount(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateAccountInput,
    @Ctx() context: AccountsContext,
  ): Promise<Account> {
    const changes = definedFields(input);
    const updated = await updateAccount(this.deps, context.identity, id, changes);
    context.loaders.accountById.clear(id);
    context.logger.info({ accountId: id, fields: Object.keys(changes) }, 'account updated');
    return toAccount(updated);
  }
}
