import type { AssignmentCursors } from '../../application/ports.js';
import type { AssignmentCursorModel } from './assignment-cursor.model.js';

export class MongoAssignmentCursors implements AssignmentCursors {
  constructor(private readonly cursors: AssignmentCursorModel) {}

  async lastAssigned(tenantId: string): Promise<string | undefined> {
    return (await this.cursors.findById(tenantId).lean().exec())?.lastAssignedId;
  }

  async remember(tenantId: string, agentId: string, at: Date): Promise<void> {
    await this.cursors
      .replaceOne({ _id: tenantId }, { _id: tenantId, lastAssignedId: agentId, updatedAt: at }, { upsert: true })
      .exec();
  }
}
