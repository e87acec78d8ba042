import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * The publish outbox: one document per appended batch, written before the events and deleted once every
 * event of the batch is on the bus. A document that outlives its batch (the process died in between)
 * is picked up by the relay, which publishes the events that exist and deletes it. One small write per
 * batch instead of a marker on every event.
 */
export interface OutboxDocument {
  _id: Types.ObjectId;
  tenantId: string;
  eventIds: Types.ObjectId[];
  createdAt: Date;
}

const schema = new Schema<OutboxDocument>(
  {
    tenantId: { type: String, required: true },
    eventIds: { type: [Schema.Types.ObjectId], required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'activity_outbox', versionKey: false },
);
schema.index({ createdAt: 1 });

export type OutboxModel = Model<OutboxDocument>;

export function outboxModel(connection: Connection): OutboxModel {
  return (
    (connection.models.ActivityOutbox as OutboxModel | undefined) ?? connection.model<OutboxDocument>('ActivityOutbox', schema)
  );
}
