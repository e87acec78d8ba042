import { assertTenantAccess, conflict, notFound, type EventBus } from '@vigil/core';
import { auditTenantSettings } from '../../admin-audit.js';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { AccountsModels } from '../../models/index.js';
import { CreateTenantInput, UpdateTenantInput } from '../inputs/tenant.input.js';
import type { AccountsContext } from '../loaders.js';
import { toTenant } from '../mappers.js';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { Tenant } from '../types/tenant.type.js';

@Resolver(() => Tenant)
export class TenantResolver {
  constructor(
    private readonly models: AccountsModels,
    /** Where tenant creations and settings changes are published for the tenant's audit chain. */
    private readonly bus?: EventBus,
  ) {}

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
      const tenant = toTenant(created.toObject());
      if (this.bus) await auditTenantSettings(this.bus, context.identity, undefined, tenant);
      return tenant;
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
    const before = await context.loaders.tenantById.load(id);
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
    const tenant = toTenant(updated);
    if (this.bus) await auditTenantSettings(this.bus, context.identity, before ?? undefined, tenant);
    return tenant;
  }
}

function definedOnly(value: object | undefined | null): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, item]) => item !== undefined && item !== null));
}
