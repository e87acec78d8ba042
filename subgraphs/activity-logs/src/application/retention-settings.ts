/**
 * A tenant's retention periods and legal holds (in its settings document). Each command reads the document
 * once and answers from what it read and wrote: no second read to show the result.
 */
import { randomUUID } from 'node:crypto';
import { conflictWith, invalidInput, missing, type ActivityCategory } from '@vigil/core';
import { validateRetentionDays, type LegalHold, type RetentionPolicy } from '../domain/retention.js';
import { MAX_LEGAL_HOLDS, type TenantSettingsDocument, type TenantSettingsStore } from './ports.js';

export type LegalHoldRecord = LegalHold & { id: string; reason: string; placedBy: string; placedAt: Date };

export interface TenantRetention {
  /** Null when the tenant set nothing (defaults apply). */
  readonly policy: RetentionPolicy | null;
  readonly legalHolds: readonly LegalHoldRecord[];
  /** Erasures begun and not finished; each refuses the holds that would cover its account (ADR 143). */
  readonly unfinishedErasures: readonly ErasureMark[];
}

type RetentionDoc = NonNullable<TenantSettingsDocument['retention']>;

/** An erasure begun and not yet finished, as marked in the tenant's settings (ADR 138, 143). */
export type ErasureMark = NonNullable<TenantSettingsDocument['erasures']>[number];

export class RetentionSettings {
  constructor(private readonly settings: TenantSettingsStore) {}

  async retention(tenantId: string): Promise<TenantRetention> {
    return retentionOf(tenantId, await this.settings.find(tenantId));
  }

  /** Sets one category's period, or the tenant default when `category` is null; answers the new retention. */
  async setRetention(tenantId: string, category: ActivityCategory | null, days: number): Promise<TenantRetention> {
    const problem = validateRetentionDays(days);
    if (problem) throw invalidInput(problem, { days: problem });
    const doc = await this.settings.find(tenantId);
    const retention: RetentionDoc = {
      defaultDays: doc?.retention?.defaultDays,
      byCategory: [...(doc?.retention?.byCategory ?? [])],
    };
    if (category === null) retention.defaultDays = days;
    else {
      const index = retention.byCategory.findIndex((entry) => entry.category === category);
      if (index >= 0) retention.byCategory[index] = { category, days };
      else retention.byCategory.push({ category, days });
    }
    await this.settings.setRetention(tenantId, retention);
    return retentionOf(tenantId, { tenantId, customTypes: [], legalHolds: [], ...doc, retention });
  }

  async placeLegalHold(
    tenantId: string,
    accountId: string | undefined,
    reason: string,
    placedBy: string,
  ): Promise<LegalHoldRecord> {
    if (reason.trim().length === 0 || reason.length > 500)
      throw invalidInput('A legal hold needs a reason of 1 to 500 characters.', { reason: 'required, ≤ 500 characters' });
    const hold = { id: randomUUID(), ...(accountId ? { accountId } : {}), reason: reason.trim(), placedBy, placedAt: new Date() };
    const added = await this.settings.addLegalHold(tenantId, hold);
    if (added === 'full')
      throw conflictWith(
        `This tenant has ${MAX_LEGAL_HOLDS} legal holds, the most it can hold at once: release holds no longer ` +
          'needed, or hold the whole tenant (no accountId), which covers every account.',
      );
    if (added === 'erasing') throw await this.refusedForErasure(tenantId, accountId);
    return { ...hold, tenantId };
  }

  /**
   * Why a hold is refused while an erasure it covers has not finished. A running one ends in seconds; one that failed
   * part-way (or whose process died) left the account half-erased, and only running it again completes it: a hold
   * then would claim to preserve events whose personal data is partly gone (ADR 143).
   */
  private async refusedForErasure(tenantId: string, accountId: string | undefined): Promise<Error> {
    const marks = (await this.settings.find(tenantId))?.erasures ?? [];
    const stuck = marks.find(
      (mark) =>
        (accountId === undefined || mark.accountId === accountId) &&
        (mark.failedAt !== undefined || Date.now() - mark.since.getTime() > ERASURE_MARK_MS),
    );
    if (stuck !== undefined)
      return conflictWith(
        `The erasure of account ${stuck.accountId} begun at ${stuck.since.toISOString()} did not finish: run it again ` +
          '(eraseAccountActivity) to finish it, then place the hold (the erased personal data will be gone).',
        { accountId: stuck.accountId },
      );
    return conflictWith(
      `An erasure of ${accountId ? 'this account' : "one of the tenant's accounts"} is running and cannot be stopped ` +
        'once begun: place the hold again when it has ended (the erased personal data will be gone).',
    );
  }

  /**
   * Marks the account's erasure as running, or refuses it (CONFLICT naming the hold, `details.holdId`) under a legal
   * hold on the account or the whole tenant: the check and the mark are one write, so a hold placed after it is
   * refused instead of overrun (ADR 131, 138). The mark stays until `endErasure`: a failed erasure keeps it
   * (`failErasure`), so the account cannot be held half-erased (ADR 143).
   */
  async beginErasure(tenantId: string, accountId: string, erasureId: string): Promise<ErasureMark> {
    const mark = { erasureId, accountId, since: new Date() };
    if (await this.settings.beginErasure(tenantId, mark)) return mark;
    const { legalHolds } = await this.retention(tenantId);
    const hold = legalHolds.find((candidate) => candidate.accountId === undefined || candidate.accountId === accountId);
    // The hold that refused it was released since: the administrator may simply try again.
    if (hold === undefined) throw conflictWith('A legal hold changed while the erasure began: try again.');
    const scope = hold.accountId === undefined ? 'the whole tenant' : 'this account';
    throw conflictWith(
      `A legal hold on ${scope} (hold ${hold.id}) preserves this account's events: release it before erasing them.`,
      { holdId: hold.id },
    );
  }

  /** The erasure finished: its mark goes, with the account's earlier marks it completed. */
  async endErasure(tenantId: string, mark: ErasureMark): Promise<void> {
    await this.settings.endErasure(tenantId, mark);
  }

  /** The erasure failed part-way: its mark stays, failed, until an erasure of the account finishes. */
  async failErasure(tenantId: string, mark: ErasureMark): Promise<void> {
    await this.settings.failErasure(tenantId, mark.erasureId, new Date());
  }

  /** NOT_FOUND when the tenant has no such hold (another tenant's hold id answers the same). */
  async releaseLegalHold(tenantId: string, holdId: string): Promise<void> {
    if (!(await this.settings.removeLegalHold(tenantId, holdId)))
      throw missing(`No legal hold "${holdId}" in tenant "${tenantId}".`);
  }
}

/**
 * How long an erasure may run before a hold refused by its mark is told it did not finish. An erasure takes seconds; a
 * mark older than this is one whose process died before ending or failing it: the account is as half-erased as after
 * a failure, and the mark refuses holds until the erasure is run again (ADR 143).
 */
const ERASURE_MARK_MS = 15 * 60_000;

function retentionOf(tenantId: string, doc: TenantSettingsDocument | null): TenantRetention {
  const policy: RetentionPolicy | null = doc?.retention
    ? {
        tenantId,
        ...(doc.retention.defaultDays !== undefined && doc.retention.defaultDays !== null
          ? { defaultDays: doc.retention.defaultDays }
          : {}),
        byCategory: Object.fromEntries((doc.retention.byCategory ?? []).map((entry) => [entry.category, entry.days])),
      }
    : null;
  const legalHolds = (doc?.legalHolds ?? []).map((hold) => ({
    ...hold,
    tenantId,
    ...(hold.accountId ? { accountId: hold.accountId } : {}),
  }));
  return { policy, legalHolds, unfinishedErasures: doc?.erasures ?? [] };
}
