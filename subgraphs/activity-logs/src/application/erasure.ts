/**
 * Right to erasure for one account: crypto-shred the account's commitment key, remove the PII fields from
 * every one of its events (ip, user agent, device id, geo, metadata), and record the erasure in the chain.
 * The chain hashes only the PII commitment, so it still verifies; the erased values cannot be recovered
 * or confirmed (the HMAC key is gone). Account ids are opaque ids from the accounts subgraph, not PII,
 * so they stay (the chain covers them).
 */
import { randomUUID } from 'node:crypto';
import type { Identity } from '@vigil/core';
import { requireTenantAccess, invalidInput } from '@vigil/core';
import { EventTaxonomy, VIGIL_EVENT_TYPES } from '@vigil/core';
import type { ActivityModels } from './ports.js';
import type { ActivityRecorder } from './activity-recorder.js';

export const ERASURE_EVENT_TYPE = VIGIL_EVENT_TYPES.accountErased;

export interface ErasureReport {
  readonly erasureId: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly erasedEventCount: number;
  readonly erasureEventId: string;
}

export class ErasureService {
  constructor(
    private readonly models: ActivityModels,
    private readonly recorder: ActivityRecorder,
  ) {}

  async eraseAccount(identity: Identity, tenantId: string, accountId: string): Promise<ErasureReport> {
    requireTenantAccess(identity, tenantId);
    if (!/^[A-Za-z0-9_.:@-]{1,128}$/.test(accountId))
      throw invalidInput('accountId is not a valid account id.', { accountId: 'invalid' });
    const erasureId = randomUUID();
    // Key first: from this moment the stored PII can no longer be confirmed against its commitment.
    await this.models.accountKeys.deleteOne({ tenantId, accountId });
    const erased = await this.models.events.updateMany(
      { tenantId, accountId, erasedAt: { $exists: false }, purgedAt: { $exists: false } },
      {
        $unset: { ip: 1, ipKey: 1, userAgent: 1, deviceId: 1, geo: 1, metadata: 1, searchText: 1 },
        $set: { erasedAt: new Date() },
      },
    );
    const resolution = new EventTaxonomy().resolve(ERASURE_EVENT_TYPE, 'VIGIL');
    if (!resolution.ok) throw new Error(resolution.message);
    // The erasure record carries no PII (so no commitment that a later erasure could orphan).
    const [recorded] = await this.recorder.recordValid(tenantId, [
      {
        accountId,
        definition: resolution.definition,
        occurredAt: new Date(),
        outcome: 'SUCCESS',
        actor: { type: 'SYSTEM', id: identity.subject },
        idempotencyKey: `erasure:${erasureId}`,
      },
    ]);
    return { erasureId, tenantId, accountId, erasedEventCount: erased.modifiedCount, erasureEventId: recorded!.event.id };
  }
}
