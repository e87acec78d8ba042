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
import { requireTenantAccess, invalidInput } from '@vigil/core';
import type { ActivityModels } from './ports.js';
import { eraseStoredEvents } from './event-erasure.js';
import { erasureRecord } from './erasure-record.js';
import type { ActivityRecorder } from './activity-recorder.js';
import type { RetentionSettings } from './retention-settings.js';
import { VIGIL_RECORDERS } from './vigil-recorders.js';

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
    const erasureId = randomUUID();
    // Refused under a legal hold; once begun, a hold placed before it finished is refused instead (ADR 138).
    const mark = await this.retention.beginErasure(tenantId, accountId, erasureId);
    let report: ErasureReport;
    try {
      report = await this.erase(identity, tenantId, accountId, erasureId);
    } catch (error) {
      // Part of it is done (the key, some events) and cannot be undone: the mark stays, failed, and refuses holds until
      // the erasure is run again; every step is idempotent, so running it again finishes the job (ADR 143).
      // If recording the failure fails too, the mark still stays (unfinished after 15 minutes): the caller gets the
      // erasure's own error, which says what went wrong.
      await this.retention.failErasure(tenantId, mark).catch(() => undefined);
      throw error;
    }
    await this.retention.endErasure(tenantId, mark);
    return report;
  }

  private async erase(identity: Identity, tenantId: string, accountId: string, erasureId: string): Promise<ErasureReport> {
    // Key first: from this moment the stored PII can no longer be confirmed against its commitment.
    await this.models.accountKeys.deleteOne({ tenantId, accountId });
    const erased = await this.scrub(tenantId, accountId);
    const [recorded] = await this.recorder.recordValid(
      tenantId,
      [erasureRecord(accountId, { type: 'SYSTEM', id: identity.subject }, `erasure:${erasureId}`)],
      VIGIL_RECORDERS.accountErasure,
    );
    // An ingest that read the key before it was shredded may have appended after the scrub and ahead of the record:
    // the record says every earlier event of the account is erased, so those are erased too. One appended after the
    // record erases its own events (LateErasures, ADR 138).
    const raced = await this.scrub(tenantId, accountId, recorded!.event.sequence);
    return { erasureId, tenantId, accountId, erasedEventCount: erased + raced, erasureEventId: recorded!.event.id };
  }

  /** Removes the PII of the account's live events (those before `beforeSequence` when given); answers how many. */
  private scrub(tenantId: string, accountId: string, beforeSequence?: number): Promise<number> {
    return eraseStoredEvents(this.models.events, {
      tenantId,
      accountId,
      ...(beforeSequence !== undefined ? { sequence: { $lt: beforeSequence } } : {}),
    });
  }
}
