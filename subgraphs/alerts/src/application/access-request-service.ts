import { randomUUID } from 'node:crypto';
import { requireTenantAccess, type Identity } from '@vigil/core';
import { missing } from '@vigil/core/domain';
import { decisionStatus, refusedDecision, type AccessRequestRecord } from '../domain/access-request-lifecycle.js';
import type { AccessRequestStore, ActivityChain } from './ports.js';

/** Event types written into the account's activity chain; detection reads them back from `activity.recorded`. */
export const ACCESS_REQUESTED_TYPE = 'integration.access.requested';
export const ACCESS_GRANTED_TYPE = 'integration.access.granted';
export const ACCESS_DENIED_TYPE = 'integration.access.denied';

/** pendingThirdPartyAccess lists at most this many (newest first). */
const MAX_PENDING_LISTED = 100;

/**
 * Third-party access requests: the client's systems file them, the customer decides through the client's
 * app. Both the request and the decision are recorded in the account's tamper-evident activity chain
 * first (activity-logs, idempotent per request), and detection judges them from there like any activity:
 * a grant by the third-party-grant rule (higher for broad scopes), a denial by the third-party-denied rule.
 * The alerts cite the chain events, so an auditor can verify them.
 */
export class AccessRequestService {
  constructor(
    private readonly requests: AccessRequestStore,
    private readonly chain: ActivityChain,
  ) {}

  async request(
    identity: Identity,
    input: { tenantId: string; accountId: string; appName: string; scopes: string[] },
  ): Promise<AccessRequestRecord> {
    requireTenantAccess(identity, input.tenantId);
    const id = randomUUID();
    const requestedAt = new Date();
    // In the chain before it exists here: a request nobody can see in the timeline never happened.
    const recorded = await this.chain.record(input.tenantId, {
      accountId: input.accountId,
      type: ACCESS_REQUESTED_TYPE,
      occurredAt: requestedAt,
      outcome: 'SUCCESS',
      actorType: 'PARTNER',
      actorId: identity.subject,
      metadata: { requestId: id, appName: input.appName, scopes: input.scopes },
      idempotencyKey: `access-request:${id}:requested`,
    });
    const record: AccessRequestRecord = {
      _id: id,
      ...input,
      status: 'PENDING',
      requestedAt,
      requestedBy: identity.subject,
      requestEventId: recorded.eventId,
    };
    await this.requests.insert(record);
    return record;
  }

  async pending(identity: Identity, tenantId: string, accountId: string): Promise<AccessRequestRecord[]> {
    requireTenantAccess(identity, tenantId);
    return this.requests.pending(tenantId, accountId, MAX_PENDING_LISTED);
  }

  /**
   * The decision wins by compare-and-set (two opposite decisions cannot both stand), then goes into the
   * chain. If that write fails the caller gets the error and retries the same decision, which completes it.
   */
  async decide(identity: Identity, id: string, approve: boolean, reason?: string): Promise<AccessRequestRecord> {
    const current = await this.requests.find(id, identity.tenantIds);
    if (current === null) throw missing(`No access request ${id} in your tenants.`);
    const status = decisionStatus(approve);
    let decided = await this.requests.decideIfPending(id, {
      status,
      decidedAt: new Date(),
      decidedBy: identity.subject,
      ...(reason ? { reason } : {}),
    });
    if (decided === null) {
      // Already decided: the same decision again is a harmless retry; the opposite one is a conflict.
      if (current.status !== status) throw refusedDecision(current.status, status);
      decided = current;
    }
    if (decided.decisionEventId) return decided;
    const recorded = await this.chain.record(decided.tenantId, {
      accountId: decided.accountId,
      type: approve ? ACCESS_GRANTED_TYPE : ACCESS_DENIED_TYPE,
      occurredAt: decided.decidedAt as Date,
      outcome: 'SUCCESS',
      actorType: 'PARTNER',
      actorId: decided.decidedBy ?? identity.subject,
      metadata: {
        requestId: decided._id,
        appName: decided.appName,
        scopes: decided.scopes,
        ...(decided.requestEventId ? { requestEventId: decided.requestEventId } : {}),
      },
      idempotencyKey: `access-request:${decided._id}:decision`,
    });
    await this.requests.citeDecisionEvent(decided._id, recorded.eventId);
    return { ...decided, decisionEventId: recorded.eventId };
  }
}
