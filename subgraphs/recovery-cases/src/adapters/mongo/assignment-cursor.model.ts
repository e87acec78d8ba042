import { Schema, type Connection, type Model } from 'mongoose';

/** Where the round-robin stopped in each tenant: the agent who got the last automatically assigned case. */
export interface AssignmentCursorRecord {
  /** The tenant id. */
  _id: string;
  lastAssignedId: string;
  updatedAt: Date;
}

const schema = new Schema<AssignmentCursorRecord>(
  {
    _id: { type: String, required: true },
    lastAssignedId: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'assignment_cursors', versionKey: false },
);

export type AssignmentCursorModel = Model<AssignmentCursorRecord>;

export function assignmentCursorModel(connection: Connection): AssignmentCursorModel {
  return (
    (connection.models.AssignmentCursor as AssignmentCursorModel | undefined) ??
    connection.model<AssignmentCursorRecord>('AssignmentCursor', schema)
  );
}
