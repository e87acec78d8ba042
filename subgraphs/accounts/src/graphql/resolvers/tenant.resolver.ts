import { assertTenantAccess, conflict, notFound } from '@vigil/core';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { AccountsModels } from '../../models/index.js';
import { CreateTenantInput, UpdateTenantInput } from '../inputs/tenant.input.js';
import type { AccountsContext } from '../loaders.js';
import { toTenant } from '../mappers.js';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { Tenant } from '../types/tenant.type.js';

@Resolver(() => Tenant)
export class TenantResolver {
  constructor(private readonly models: AccountsModels) {}

  @Query(() => Tenant, { nullable: true, description: 'One of your tenants; null when absent or not yours.' })
  tenant(@Arg('id', () => ID) id: string, @Ctx() context: AccountsContext): Promise<Tenant | null> {
    return context.loaders.tenantById.load(id);
  }

  @Mutation(() => Tenant, { description: 'ADMIN; the tenant id must be among the tenants of your token.' })
  async createTenant(@Arg('input') input: CreateTenantInput, @Ctx() context: AccountsContext): Promise<Tenant> {
    assertTenantAccess(context.identity, input.id);
    try {
      const created = await this.models.Tenant.create({ _id: input.id, name: input.name, settings: definedOnly(input.settings) });
      context.logger.info({ tenantId: input.id }, 'tenant created');
      return toTenant(created.toObject());
    } catch (err) {
      if (isDuplicateKeyError(err)) throw conflict(`Tenant "${input.id}" already exists.`);
      throw err;
    }
  }

  @Mutation(() => Tenant, { description: 'ADMIN of the tenant.' })
  async updateTenant(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateTenantInput,
    @Ctx() context: AccountsContext,
  ): Promise<Tenant> {
    assertTenantAccess(context.identity, id);
    const set: Record<string, unknown> = {};
    if (input.name !== undefined && input.name !== null) set.name = input.name;
    for (const [key, value] of Object.entries(definedOnly(input.settings))) set[`settings.${key}`] = value;
    const updated = await this.models.Tenant.findOneAndUpdate(
      { _id: id },
      { $set: set },
      { returnDocument: 'after', runValidators: true },
    ).lean();
    if (!updated) throw notFound(`Tenant "${id}" was not found.`);
    context.loaders.tenantById.clear(id);
    return toTenant(updated);
  }
}

function definedOnly(value: object | undefined | null): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, item]) => item !== undefined && item !== null));
}
