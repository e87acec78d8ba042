/**
 * Right to erasure for one account: crypto-shred the account's commitment key, remove the PII fields from
 * every one of its events (ip, user agent, device id, geo, metadata, reviewers' flag reason), and record the erasure
 * in the chain.
 * The chain hashes only the PII commitment, so it still verifies; the erased values cannot be recovered
 * or confirmed (the HMAC key is gone). Account ids are opaque ids from the accounts subgraph, not PII,
 * so they stay (the chain covers them).
 *
 * A legal hold on the account or the whole tenant refuses the erasure (ADR 131): the hold preserves the events for
 * a legal claim (GDPR art. 17(3)(e)), and shredding cannot be undone once the hold is lifted.
 */
import { randomUUID } from 'node:crypto';
import type { Identity } from '@vigil/core';
import { conflictWith, requireTenantAccess, invalidInput } from '@vigil/core';
import { EventTaxonomy, VIGIL_EVENT_TYPES } from '@vigil/core';
import type { ActivityModels } from './ports.js';
import type { ActivityRecorder } from './activity-recorder.js';
import type { RetentionSettings } from './retention-settings.js';

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
    private readonly retention: RetentionSettings,
  ) {}

  async eraseAccount(identity: Identity, tenantId: string, accountId: string): Promise<ErasureReport> {
    requireTenantAccess(identity, tenantId);
    if (!/^[A-Za-z0-9_.:@-]{1,128}$/.test(accountId))
      throw invalidInput('accountId is not a valid account id.', { accountId: 'invalid' });
    await this.refuseUnderLegalHold(tenantId, accountId);
    const erasureId = randomUUID();
    // Key first: from this moment the stored PII can no longer be confirmed against its commitment.
    await this.models.accountKeys.deleteOne({ tenantId, accountId });
    const erased = await this.scrub(tenantId, accountId);
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
    // An ingest that read the key before it was shredded may have appended after the scrub and ahead of the record:
    // the record says every earlier event of the account is erased, so those are erased too.
    const raced = await this.scrub(tenantId, accountId, recorded!.event.sequence);
    return { erasureId, tenantId, accountId, erasedEventCount: erased + raced, erasureEventId: recorded!.event.id };
  }

  private async refuseUnderLegalHold(tenantId: string, accountId: string): Promise<void> {
    const { legalHolds } = await this.retention.retention(tenantId);
    const hold = legalHolds.find((candidate) => candidate.accountId === undefined || candidate.accountId === accountId);
    if (hold === undefined) return;
    const scope = hold.accountId === undefined ? 'the whole tenant' : 'this account';
    throw conflictWith(
      `A legal hold on ${scope} (hold ${hold.id}) preserves this account's events: release it before erasing them.`,
      { holdId: hold.id },
    );
  }

  /** Removes the PII of the account's live events (those before `beforeSequence` when given); answers how many. */
  private async scrub(tenantId: string, accountId: string, beforeSequence?: number): Promise<number> {
    const result = await this.models.events.updateMany(
      {
        tenantId,
        accountId,
        erasedAt: { $exists: false },
        purgedAt: { $exists: false },
        ...(beforeSequence !== undefined ? { sequence: { $lt: beforeSequence } } : {}),
      },
      {
        // The reviewers' flag reason is free text about the customer (names, contacts): it goes too, the flag stays.
        $unset: { ip: 1, ipKey: 1, userAgent: 1, deviceId: 1, geo: 1, metadata: 1, searchText: 1, 'review.flagReason': 1 },
        $set: { erasedAt: new Date() },
      },
    );
    return result.modifiedCount;
  }
}
