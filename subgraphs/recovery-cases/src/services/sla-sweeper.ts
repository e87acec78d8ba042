import type { RecoveryCaseModel, RecoveryCaseRecord } from '../models/recovery-case.js';
import { TERMINAL_STATUSES } from '../domain/case-lifecycle.js';
import { dueSlaEvents } from '../domain/sla.js';
import type { CaseStore } from './case-store.js';
import { moveCase, recordDueSlaEvents } from './case-draft.js';
import type { CaseChanged } from './recovery-case-service.js';
import type { SettingsService } from './settings-service.js';

/**
 * The system's clock on open cases: records SLA warnings and breaches when they fall due, and sends a
 * case whose reset link expired unused back to VERIFIED (logged, so a new link can be issued).
 */
export class SlaSweeper {
  constructor(
    private readonly cases: RecoveryCaseModel,
    private readonly store: CaseStore,
    private readonly settings: SettingsService,
    private readonly changed: CaseChanged,
    private readonly clock: () => Date,
  ) {}

  /** One pass over open cases (of one tenant, or all); returns how many cases changed. */
  async sweep(tenantId?: string): Promise<number> {
    const now = this.clock();
    const open = await this.cases
      .find({ status: { $nin: [...TERMINAL_STATUSES] }, ...(tenantId ? { tenantId } : {}) })
      .lean<RecoveryCaseRecord[]>()
      .exec();
    let changedCount = 0;
    for (const found of open) {
      const settings = await this.settings.forTenant(found.tenantId);
      if (!needsWork(found, settings.sla, now)) continue;
      const { record } = await this.store.update(undefined, found._id, (draft) => {
        recordDueSlaEvents(draft, settings.sla, now);
        if (resetExpired(draft, now)) {
          moveCase(draft, 'VERIFIED', { kind: 'system' }, 'password reset link expired unused', settings.sla, now);
        }
        draft.updatedAt = now;
      });
      this.changed(record);
      changedCount++;
    }
    return changedCount;
  }
}

function resetExpired(record: RecoveryCaseRecord, now: Date): boolean {
  const last = record.resetGrants[record.resetGrants.length - 1];
  return record.status === 'RESET_ISSUED' && last !== undefined && !last.redeemedAt && now >= new Date(last.expiresAt);
}

function needsWork(record: RecoveryCaseRecord, sla: Parameters<typeof dueSlaEvents>[1], now: Date): boolean {
  return (
    resetExpired(record, now) || record.slaTimers.some((timer) => !timer.fulfilledAt && dueSlaEvents(timer, sla, now).length > 0)
  );
}
