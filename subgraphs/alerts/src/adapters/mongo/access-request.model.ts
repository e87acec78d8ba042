import { Schema } from 'mongoose';
import { ACCESS_REQUEST_STATUSES, type AccessRequestRecord } from '../../domain/access-request-lifecycle.js';
import { ownModel } from './own-model.js';

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

/** The model on this subgraph's own connection. */
export const accessRequestModel = ownModel('AccessRequest', schema);
export type AccessRequestModel = ReturnType<typeof accessRequestModel>;
