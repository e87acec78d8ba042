import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { AccountsDeps } from '../../application/ports.js';
import { createTenant, updateTenant } from '../../application/tenants.js';
import { definedFields } from '../inputs/defined-fields.js';
import { CreateTenantInput, UpdateTenantInput } from '../inputs/tenant.input.js';
import type { AccountsContext } from '../loaders/accounts-loaders.js';
import { toTenant } from '../mappers/accounts-mappers.js';
import { Tenant } from '../types/tenant.type.js';

@Resolver(() => Tenant)
export class TenantResolver {
  constructor(private readonly deps: AccountsDeps) {}

  @Query(() => Tenant, { nullable: true, description: 'One of your tenants; null when absent or not yours.' })
  tenant(@Arg('id', () => ID) id: string, @Ctx() context: AccountsContext): Promise<Tenant | null> {
    return context.loaders.tenantById.load(id);
  }

  @Mutation(() => Tenant, { description: 'ADMIN; the tenant id must be among the tenants of your token.' })
  async createTenant(@Arg('input') input: CreateTenantInput, @Ctx() context: AccountsContext): Promise<Tenant> {
    const created = await createTenant(this.deps, context.identity, {
      id: input.id,
      name: input.name,
      settings: definedFields(input.settings),
    });
    context.logger.info({ tenantId: input.id }, 'tenant created');
    return toTenant(created);
  }

  @Mutation(() => Tenant, { description: 'ADMIN of the tenant.' })
  async updateTenant(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateTenantInput,
    @Ctx() context: AccountsContext,
  ): Promise<Tenant> {
    const { name, settings } = input;
    const updated = await updateTenant(this.deps, context.identity, id, {
      ...(name !== undefined ? { name } : {}),
      settings: definedFields(settings),
    });
    context.loaders.tenantById.clear(id);
    return toTenant(updated);
  }
}
