import { assertTenantAccess, badUserInput, conflict, notFound } from '@vigil/core';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { canChangeStatus } from '../../domain/account-status.js';
import { defaultContactChannels, normalizeEmail } from '../../domain/contact-channels.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, decodeCursor, encodeCursor } from '../../domain/cursor.js';
import type { AccountsModels } from '../../models/index.js';
import { CreateAccountInput, UpdateAccountInput } from '../inputs/account.input.js';
import type { AccountsContext } from '../loaders.js';
import { toAccount } from '../mappers.js';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { Account, AccountConnection } from '../types/account.type.js';

@Resolver(() => Account)
export class AccountResolver {
  constructor(private readonly models: AccountsModels) {}

  @Query(() => Account, { nullable: true, description: 'An account of one of your tenants; null when absent or not yours.' })
  account(@Arg('id', () => ID) id: string, @Ctx() context: AccountsContext): Promise<Account | null> {
    return context.loaders.accountById.load(id);
  }

  @Query(() => AccountConnection, { nullable: true, description: "A tenant's accounts, ordered by id, `first` at most 100." })
  async accounts(
    @Arg('tenantId') tenantId: string,
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() context: AccountsContext,
  ): Promise<AccountConnection> {
    assertTenantAccess(context.identity, tenantId);
    if (first < 1 || first > MAX_PAGE_SIZE) {
      throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}.`, { first: 'out of range' });
    }
    const afterId = after === undefined || after === null ? undefined : decodeCursor(after);
    if (after && !afterId) throw badUserInput('after is not a cursor from this list.', { after: 'invalid cursor' });
    const docs = await this.models.Account.find({ tenantId, ...(afterId ? { _id: { $gt: afterId } } : {}) })
      .sort({ _id: 1 })
      .limit(first + 1)
      .lean();
    const page = docs.slice(0, first).map(toAccount);
    for (const account of page) context.loaders.accountById.prime(account.id, account);
    const edges = page.map((node) => ({ cursor: encodeCursor(node.id), node }));
    return { edges, pageInfo: { hasNextPage: docs.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Mutation(() => Account, { description: 'ADMIN or SUPERVISOR of the tenant.' })
  async createAccount(@Arg('input') input: CreateAccountInput, @Ctx() context: AccountsContext): Promise<Account> {
    assertTenantAccess(context.identity, input.tenantId);
    if (!(await this.models.Tenant.exists({ _id: input.tenantId }))) {
      throw notFound(`Tenant "${input.tenantId}" does not exist.`);
    }
    try {
      const created = await this.models.Account.create({
        tenantId: input.tenantId,
        displayName: input.displayName,
        email: normalizeEmail(input.email),
        phone: input.phone,
        externalRef: input.externalRef,
        contactChannels: input.contactChannels ?? defaultContactChannels(normalizeEmail(input.email), input.phone),
      });
      context.logger.info({ accountId: created._id, tenantId: input.tenantId }, 'account created');
      return toAccount(created.toObject());
    } catch (err) {
      if (isDuplicateKeyError(err)) throw conflict('An account with this email already exists in this tenant.');
      throw err;
    }
  }

  @Mutation(() => Account, { description: 'ADMIN or SUPERVISOR of the tenant. CLOSED accounts cannot change status.' })
  async updateAccount(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateAccountInput,
    @Ctx() context: AccountsContext,
  ): Promise<Account> {
    const current = await context.loaders.accountById.load(id);
    if (!current || current.tenantId === null || current.status === null) throw notFound(`Account "${id}" was not found.`);
    assertTenantAccess(context.identity, current.tenantId);
    if (input.status && !canChangeStatus(current.status, input.status)) {
      throw conflict(`A ${current.status} account cannot become ${input.status}.`);
    }
    const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== null));
    if (input.email) changes.email = normalizeEmail(input.email);
    try {
      const updated = await this.models.Account.findOneAndUpdate(
        { _id: id, tenantId: current.tenantId },
        { $set: changes },
        { returnDocument: 'after', runValidators: true },
      ).lean();
      if (!updated) throw notFound(`Account "${id}" was not found.`);
      context.loaders.accountById.clear(id);
      context.logger.info({ accountId: id, fields: Object.keys(changes) }, 'account updated');
      return toAccount(updated);
    } catch (err) {
      if (isDuplicateKeyError(err)) throw conflict('An account with this email already exists in this tenant.');
      throw err;
    }
  }
}
