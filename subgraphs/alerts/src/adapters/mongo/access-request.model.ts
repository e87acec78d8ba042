import { Schema, type Connection } from 'mongoose';

import { ACCESS_REQUEST_STATUSES, type AccessRequestStatus } from '../../domain/access-request-lifecycle.js';

/** A third-party app asking for access to a customer's account, waiting for the customer's decision. */
export interface AccessRequestRecord {
  _id: string;
  tenantId: string;
  accountId: string;
  appName: string;
  scopes: string[];
  status: AccessRequestStatus;
  requestedAt: Date;
  requestedBy: string;
  decidedAt?: Date;
  /** The client's app (PARTNER principal) that relayed the customer's decision. */
  decidedBy?: string;
  reason?: string;
  /** The request and the decision as recorded in the account's activity chain. */
  requestEventId?: string;
  decisionEventId?: string;
}

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
