import { Schema } from 'mongoose';
import { ownModel } from './own-model.js';

/** A client system's endpoint for signed alert webhooks (one tenant may have several). */
export interface WebhookEndpointRecord {
  _id: string;
  tenantId: string;
  url: string;
  /** HMAC key for the Vigil-Signature header; shown once when registered. */
  secret: string;
  active: boolean;
  createdAt: Date;
  createdBy: string;
}

const schema = new Schema<WebhookEndpointRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    url: { type: String, required: true },
    secret: { type: String, required: true },
    active: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { collection: 'webhook_endpoints', versionKey: false },
);
schema.index({ tenantId: 1, active: 1 });

/** The model on this subgraph's own connection. */
export const webhookEndpointModel = ownModel('WebhookEndpoint', schema);
export type WebhookEndpointModel = ReturnType<typeof webhookEndpointModel>;
