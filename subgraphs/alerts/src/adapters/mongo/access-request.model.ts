import { Schema, type Connection } from 'mongoose';
import { ACCESS_REQUEST_STATUSES, type AccessRequestRecord } from '../../domain/access-request-lifecycle.js';

export type { AccessRequestRecord };

const schema = new Schema<AccessRequestRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    accountId: { type: String, required: true },
    appName: { type: String, required: true },
    scopes: { type: [String], default: [] },
    status: { type: String, enum: ACCESS_REQUEST_STATUSES, required: true },
    requestedAt: { type: Date, required: true },
    requestedBy: { type: String, required: true },
    decidedAt: Date,
    decidedBy: String,
    reason: String,
    requestEventId: String,
    decisionEventId: String,
  },
  { collection: 'third_party_access_requests', versionKey: false },
);
schema.index({ tenantId: 1, accountId: 1, status: 1, requestedAt: -1 });

// overwriteModels: building the subgraph twice on one connection (tests, the stack) reuses the same schema.
const register = (connection: Connection) => connection.model('AccessRequest', schema, undefined, { overwriteModels: true });
export type AccessRequestModel = ReturnType<typeof register>;

export function accessRequestModel(connection: Connection): AccessRequestModel {
  return register(connection);
}
