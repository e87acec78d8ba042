import type { AccessRequestStore } from '../../application/ports.js';
import type { AccessRequestRecord, AccessRequestStatus } from '../../domain/access-request-lifecycle.js';
import type { AccessRequestModel } from './access-request.model.js';

/** Third-party access requests in `third_party_access_requests`; every read is scoped by the tenants given. */
export class MongoAccessRequestStore implements AccessRequestStore {
  constructor(private readonly requests: AccessRequestModel) {}

  async insert(record: AccessRequestRecord): Promise<void> {
    await this.requests.create([record]);
  }

  pending(tenantId: string, accountId: string, limit: number): Promise<AccessRequestRecord[]> {
    return this.requests
      .find({ tenantId, accountId, status: 'PENDING' })
      .sort({ requestedAt: -1 })
      .limit(limit)
      .lean<AccessRequestRecord[]>();
  }

  find(id: string, tenantIds: readonly string[]): Promise<AccessRequestRecord | null> {
    return this.requests.findOne({ _id: id, tenantId: { $in: [...tenantIds] } }).lean<AccessRequestRecord>();
  }

  decideIfPending(
    id: string,
    decision: { status: AccessRequestStatus; decidedAt: Date; decidedBy: string; reason?: string },
  ): Promise<AccessRequestRecord | null> {
    return this.requests
      .findOneAndUpdate({ _id: id, status: 'PENDING' }, { $set: decision }, { returnDocument: 'after' })
      .lean<AccessRequestRecord>();
  }

  async citeDecisionEvent(id: string, eventId: string): Promise<void> {
    await this.requests.updateOne({ _id: id }, { $set: { decisionEventId: eventId } });
  }
}
