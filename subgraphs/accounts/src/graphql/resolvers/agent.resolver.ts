import { afterKey, canAccessTenant, connectionFrom, encodeCursor, mapConnection } from '@vigil/core';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { agentKey, createAgent, listAgents, setMyAvailability, updateAgent } from '../../application/agents.js';
import type { AccountsDeps } from '../../application/ports.js';
import { AGENT_PAGE } from '../../domain/page.js';
import type { AgentAvailability } from '../../domain/vocabulary.js';
import { CreateAgentInput, UpdateAgentInput } from '../inputs/agent.input.js';
import { definedFields } from '../inputs/defined-fields.js';
import type { AccountsContext } from '../loaders/accounts-loaders.js';
import { toAgent } from '../mappers/accounts-mappers.js';
import { Agent, AgentConnection } from '../types/agent.type.js';
import { AgentAvailabilityEnum } from '../types/enums.js';

@Resolver(() => Agent)
export class AgentResolver {
  constructor(private readonly deps: AccountsDeps) {}

  @Query(() => Agent, { nullable: true, description: 'An agent sharing one of your tenants; null otherwise.' })
  agent(@Arg('id', () => ID) id: string, @Ctx() context: AccountsContext): Promise<Agent | null> {
    return context.loaders.agentById.load(id);
  }

  @Query(() => Agent, { nullable: true, description: 'Your own agent record (your token subject).' })
  me(@Ctx() context: AccountsContext): Promise<Agent | null> {
    return context.loaders.agentById.load(context.identity.subject);
  }

  @Query(() => AgentConnection, {
    nullable: true,
    description: `A tenant's agents (ADMIN, SUPERVISOR), by name: \`first\` defaults to ${AGENT_PAGE.defaultFirst}, at most ${AGENT_PAGE.maxFirst} (more is BAD_USER_INPUT).`,
  })
  async agents(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('first', () => Int, { defaultValue: AGENT_PAGE.defaultFirst }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() context: AccountsContext,
  ): Promise<AgentConnection> {
    const records = await listAgents(this.deps, context.identity, tenantId, first, afterKey(after));
    return mapConnection(
      connectionFrom(records, first, (agent) => encodeCursor(agentKey(agent))),
      toAgent,
    );
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
    const created = await createAgent(this.deps, context.identity, input);
    context.logger.info({ agentId: created._id }, 'agent created');
    return toAgent(created);
  }

  @Mutation(() => Agent, { description: 'ADMIN of the agent’s tenants (and of any tenant added).' })
  async updateAgent(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateAgentInput,
    @Ctx() context: AccountsContext,
  ): Promise<Agent> {
    const updated = await updateAgent(this.deps, context.identity, id, definedFields(input));
    context.loaders.agentById.clear(id);
    return toAgent(updated);
  }

  @Mutation(() => Agent, { description: 'Sets your own availability (for case assignment).' })
  async setMyAvailability(
    @Arg('availability', () => AgentAvailabilityEnum) availability: AgentAvailability,
    @Ctx() context: AccountsContext,
  ): Promise<Agent> {
    const updated = await setMyAvailability(this.deps, context.identity, availability);
    context.loaders.agentById.clear(updated._id);
    return toAgent(updated);
  }
}
