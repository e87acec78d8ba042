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
}

type RetentionDoc = NonNullable<TenantSettingsDocument['retention']>;

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
    const added = await this.settings.addLegalHold(tenantId, hold, erasingSince());
    if (added === 'full')
      throw conflictWith(
        `This tenant has ${MAX_LEGAL_HOLDS} legal holds, the most it can hold at once: release holds no longer ` +
          'needed, or hold the whole tenant (no accountId), which covers every account.',
      );
    if (added === 'erasing')
      throw conflictWith(
        `An erasure of ${accountId ? 'this account' : "one of the tenant's accounts"} is running and cannot be stopped ` +
          'once begun: place the hold again when it has ended (the erased personal data will be gone).',
      );
    return { ...hold, tenantId };
  }

  /**
   * Marks the account's erasure as running, or refuses it (CONFLICT naming the hold, `details.holdId`) under a legal
   * hold on the account or the whole tenant: the check and the mark are one write, so a hold placed after it is
   * refused instead of overrun (ADR 131, 138). `endErasure` removes the mark.
   */
  async beginErasure(tenantId: string, accountId: string, erasureId: string): Promise<void> {
    if (await this.settings.beginErasure(tenantId, { erasureId, accountId, since: new Date() })) return;
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

  async endErasure(tenantId: string, erasureId: string): Promise<void> {
    await this.settings.endErasure(tenantId, erasureId, erasingSince());
  }

  /** NOT_FOUND when the tenant has no such hold (another tenant's hold id answers the same). */
  async releaseLegalHold(tenantId: string, holdId: string): Promise<void> {
    if (!(await this.settings.removeLegalHold(tenantId, holdId)))
      throw missing(`No legal hold "${holdId}" in tenant "${tenantId}".`);
  }
}

/**
 * How long a running erasure's mark refuses holds. An erasure takes seconds; a mark older than this is one whose
 * process died before ending it, and must not refuse holds on the account for ever.
 */
const ERASURE_MARK_MS = 15 * 60_000;

function erasingSince(): Date {
  return new Date(Date.now() - ERASURE_MARK_MS);
}

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
  return { policy, legalHolds };
}
