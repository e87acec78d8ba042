import { randomUUID } from 'node:crypto';
import { assertTenantAccess, conflict, notFound, tenantFilter, type ActivityRecordedPayload, type Identity } from '@vigil/core';
import type { AccessRequestModel, AccessRequestRecord } from '../models/access-request.model.js';

/** Runs a payload through detection (the same path as a bus message). */
export type DetectionEntry = (payload: ActivityRecordedPayload) => Promise<void>;

/**
 * Third-party access requests: the client's systems file them, the customer decides through the client's
 * app. The decision goes through detection like any activity: a grant is judged by the third-party-grant
 * rule (higher for broad scopes), a denial raises the third-party-denied alert (HIGH by default). The
 * request id is the event id, so a retried decision never doubles the alert.
 */
export class AccessRequestService {
  constructor(
    private readonly requests: AccessRequestModel,
    private readonly detect: DetectionEntry,
  ) {}

  async request(
    identity: Identity,
    input: { tenantId: string; accountId: string; appName: string; scopes: string[] },
  ): Promise<AccessRequestRecord> {
    assertTenantAccess(identity, input.tenantId);
    const record: AccessRequestRecord = {
      _id: randomUUID(),
      ...input,
      status: 'PENDING',
      requestedAt: new Date(),
      requestedBy: identity.subject,
    };
    await this.requests.create([record]);
    return record;
  }

  async pending(identity: Identity, tenantId: string, accountId: string): Promise<AccessRequestRecord[]> {
    assertTenantAccess(identity, tenantId);
    return this.requests
      .find({ tenantId, accountId, status: 'PENDING' })
      .sort({ requestedAt: -1 })
      .limit(100)
      .lean<AccessRequestRecord[]>();
  }

  async decide(identity: Identity, id: string, approve: boolean, reason?: string): Promise<AccessRequestRecord> {
    const current = await this.requests.findOne({ _id: id, ...tenantFilter(identity) }).lean<AccessRequestRecord>();
    if (current === null) throw notFound(`No access request ${id} in your tenants.`);
    const status = approve ? 'APPROVED' : 'DENIED';
    const decided = await this.requests
      .findOneAndUpdate(
        { _id: id, status: 'PENDING' },
        { $set: { status, decidedAt: new Date(), decidedBy: identity.subject, ...(reason ? { reason } : {}) } },
        { returnDocument: 'after' },
      )
      .lean<AccessRequestRecord>();
    if (decided === null) {
      // Already decided: the same decision again is a harmless retry; the opposite one is a conflict.
      if (current.status === status) return current;
      throw conflict(`This request was already ${current.status.toLowerCase()}; it cannot change.`);
    }
    await this.detect({
      eventId: `access-request:${decided._id}`,
      tenantId: decided.tenantId,
      accountId: decided.accountId,
      type: approve ? 'integration.access.granted' : 'integration.access.denied',
      category: 'integration',
      outcome: 'SUCCESS',
      occurredAt: (decided.decidedAt as Date).toISOString(),
      actor: { type: 'PARTNER', id: identity.subject },
      metadata: { appName: decided.appName, scopes: decided.scopes },
    });
    return decided;
  }
}
