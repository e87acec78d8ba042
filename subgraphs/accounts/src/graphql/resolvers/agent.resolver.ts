import { assertTenantAccess, canAccessTenant, conflict, notFound, tenantFilter } from '@vigil/core';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AccountsModels } from '../../models/index.js';
import { CreateAgentInput, UpdateAgentInput } from '../inputs/agent.input.js';
import type { AccountsContext } from '../loaders.js';
import { toAgent } from '../mappers.js';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { Agent } from '../types/agent.type.js';
import { AgentAvailability } from '../types/enums.js';

const MAX_AGENTS_LISTED = 500;

@Resolver(() => Agent)
export class AgentResolver {
  constructor(private readonly models: AccountsModels) {}

  @Query(() => Agent, { nullable: true, description: 'An agent sharing one of your tenants; null otherwise.' })
  agent(@Arg('id', () => ID) id: string, @Ctx() context: AccountsContext): Promise<Agent | null> {
    return context.loaders.agentById.load(id);
  }

  @Query(() => Agent, { nullable: true, description: 'Your own agent record (your token subject).' })
  me(@Ctx() context: AccountsContext): Promise<Agent | null> {
    return context.loaders.agentById.load(context.identity.subject);
  }

  @Query(() => [Agent], { nullable: true, description: "A tenant's agents (ADMIN, SUPERVISOR), by name, at most 500." })
  async agents(@Arg('tenantId') tenantId: string, @Ctx() context: AccountsContext): Promise<Agent[]> {
    assertTenantAccess(context.identity, tenantId);
    const docs = await this.models.Agent.find({ tenantIds: tenantId }).sort({ displayName: 1 }).limit(MAX_AGENTS_LISTED).lean();
    return docs.map(toAgent);
  }

  /**
   * Only the caller's own tenants: an agent working for several clients of the BPO must not reveal to a caller
   * of one client which other clients there are (every path — queries, mutations, `_entities` — ends here).
   */
  @FieldResolver(() => [String], { description: "The agent's tenants among yours." })
  tenantIds(@Root() agent: Agent, @Ctx() context: AccountsContext): string[] {
    return agent.tenantIds.filter((tenantId) => canAccessTenant(context.identity, tenantId));
  }

  @Mutation(() => Agent, { description: 'ADMIN of every tenant listed.' })
  async createAgent(@Arg('input') input: CreateAgentInput, @Ctx() context: AccountsContext): Promise<Agent> {
    for (const tenantId of input.tenantIds) assertTenantAccess(context.identity, tenantId);
    try {
      const created = await this.models.Agent.create({ ...input, roles: [...new Set(input.roles)] });
      context.logger.info({ agentId: created._id }, 'agent created');
      return toAgent(created.toObject());
    } catch (err) {
      if (isDuplicateKeyError(err)) throw conflict('An agent with this email already exists.');
      throw err;
    }
  }

  @Mutation(() => Agent, { description: 'ADMIN of the agent’s tenants (and of any tenant added).' })
  async updateAgent(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateAgentInput,
    @Ctx() context: AccountsContext,
  ): Promise<Agent> {
    const current = await context.loaders.agentById.load(id);
    if (!current) throw notFound(`Agent "${id}" was not found.`);
    // An admin of one tenant may not change (or take away) an agent's other tenants.
    for (const tenantId of new Set([...current.tenantIds, ...(input.tenantIds ?? [])])) {
      assertTenantAccess(context.identity, tenantId);
    }
    const set = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== null));
    const updated = await this.models.Agent.findOneAndUpdate(
      { _id: id },
      { $set: set },
      { returnDocument: 'after', runValidators: true },
    ).lean();
    if (!updated) throw notFound(`Agent "${id}" was not found.`);
    context.loaders.agentById.clear(id);
    return toAgent(updated);
  }

  @Mutation(() => Agent, { description: 'Sets your own availability (for case assignment).' })
  async setMyAvailability(
    @Arg('availability', () => AgentAvailability) availability: AgentAvailability,
    @Ctx() context: AccountsContext,
  ): Promise<Agent> {
    const updated = await this.models.Agent.findOneAndUpdate(
      { _id: context.identity.subject, ...tenantFilter(context.identity, 'tenantIds') },
      { $set: { availability } },
      { returnDocument: 'after' },
    ).lean();
    if (!updated) throw notFound('You have no agent record in your tenants.');
    context.loaders.agentById.clear(updated._id);
    return toAgent(updated);
  }
}
