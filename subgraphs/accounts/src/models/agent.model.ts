import { randomUUID } from 'node:crypto';
import type { Role } from '@vigil/core';
import { ROLES } from '@vigil/core';
import { Schema, type Connection, type Model } from 'mongoose';
import { AgentAvailability } from '../domain/enums.js';

/** A BPO floor member (or supervisor, analyst, auditor): the `sub` of their token is this id. */
export interface AgentDocument {
  _id: string;
  displayName: string;
  email: string;
  roles: Role[];
  /** Tenants (BPO clients) this agent works for. */
  tenantIds: string[];
  availability: AgentAvailability;
  createdAt: Date;
  updatedAt: Date;
}

const agentSchema = new Schema<AgentDocument>(
  {
    _id: { type: String, default: () => `agt_${randomUUID()}` },
    displayName: { type: String, required: true },
    email: { type: String, required: true, lowercase: true, trim: true, unique: true },
    roles: [{ type: String, enum: [...ROLES] }],
    tenantIds: [{ type: String }],
    availability: { type: String, enum: Object.values(AgentAvailability), default: AgentAvailability.OFFLINE },
  },
  { timestamps: true, collection: 'agents' },
);
// agents(tenantId) lists by tenant.
agentSchema.index({ tenantIds: 1 });

export function agentModel(connection: Connection): Model<AgentDocument> {
  return (connection.models.Agent as Model<AgentDocument> | undefined) ?? connection.model<AgentDocument>('Agent', agentSchema);
}
