import { randomUUID } from 'node:crypto';
import { ROLES } from '@vigil/core';
import { Schema, type Connection, type Model } from 'mongoose';
import type { AgentRecord } from '../../domain/records.js';
import { AGENT_AVAILABILITIES } from '../../domain/vocabulary.js';

const agentSchema = new Schema<AgentRecord>(
  {
    _id: { type: String, default: () => `agt_${randomUUID()}` },
    displayName: { type: String, required: true },
    email: { type: String, required: true, lowercase: true, trim: true, unique: true },
    roles: [{ type: String, enum: [...ROLES] }],
    tenantIds: [{ type: String }],
    availability: { type: String, enum: [...AGENT_AVAILABILITIES], default: 'OFFLINE' },
  },
  { timestamps: true, collection: 'agents' },
);
// agents(tenantId) lists by tenant.
agentSchema.index({ tenantIds: 1 });

export function agentModel(connection: Connection): Model<AgentRecord> {
  return (connection.models.Agent as Model<AgentRecord> | undefined) ?? connection.model<AgentRecord>('Agent', agentSchema);
}
