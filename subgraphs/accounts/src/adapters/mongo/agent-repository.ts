import type { Model } from 'mongoose';
import type { AgentChanges, AgentPosition, AgentRepository, NewAgent, Written } from '../../application/ports.js';
import type { AgentRecord } from '../../domain/records.js';
import { unlessDuplicate } from './unless-duplicate.js';
import type { AgentAvailability } from '../../domain/vocabulary.js';

export class MongoAgentRepository implements AgentRepository {
  constructor(private readonly agents: Model<AgentRecord>) {}

  byIds(ids: readonly string[], tenantIds: readonly string[]): Promise<AgentRecord[]> {
    return this.agents
      .find({ _id: { $in: [...ids] }, tenantIds: { $in: [...tenantIds] } })
      .lean<AgentRecord[]>()
      .exec();
  }

  inTenant(tenantId: string, after: AgentPosition | undefined, limit: number): Promise<AgentRecord[]> {
    const afterFilter = after
      ? { $or: [{ displayName: { $gt: after.displayName } }, { displayName: after.displayName, _id: { $gt: after.id } }] }
      : {};
    return this.agents
      .find({ tenantIds: tenantId, ...afterFilter })
      .sort({ displayName: 1, _id: 1 })
      .limit(limit)
      .lean<AgentRecord[]>()
      .exec();
  }

  create(agent: NewAgent): Promise<Written<AgentRecord>> {
    return unlessDuplicate(async () => {
      return (await this.agents.create({ ...agent, roles: [...agent.roles], tenantIds: [...agent.tenantIds] })).toObject();
    });
  }

  async update(id: string, changes: AgentChanges): Promise<AgentRecord | undefined> {
    const updated = await this.agents
      .findOneAndUpdate({ _id: id }, { $set: changes }, { returnDocument: 'after', runValidators: true })
      .lean<AgentRecord>()
      .exec();
    return updated ?? undefined;
  }

  async setAvailability(
    id: string,
    tenantIds: readonly string[],
    availability: AgentAvailability,
  ): Promise<AgentRecord | undefined> {
    const updated = await this.agents
      .findOneAndUpdate({ _id: id, tenantIds: { $in: [...tenantIds] } }, { $set: { availability } }, { returnDocument: 'after' })
      .lean<AgentRecord>()
      .exec();
    return updated ?? undefined;
  }
}
