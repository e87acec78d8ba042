import { dueSlaEvents, type SlaPolicy } from '../domain/sla.js';
import { moveCase } from './case-draft.js';
import { recordDueSlaEvents } from './case-sla.js';
import type { RecoveryCaseRecord } from './case-record.js';
import type { CaseStore } from './case-store.js';
import type { CaseEvents, CaseReads } from './ports.js';
import type { SettingsService } from './settings.js';

/**
 * The system's clock on open cases: records SLA warnings and breaches when they fall due, and sends a
 * case whose reset link expired unused back to VERIFIED (logged, so a new link can be issued).
 */
export class SlaSweeper {
  constructor(
    private readonly reads: CaseReads,
    private readonly store: CaseStore,
    private readonly settings: SettingsService,
    private readonly events: CaseEvents,
    private readonly clock: () => Date,
  ) {}

  /** One pass over open cases (of one tenant, or all); returns how many cases changed. */
  async sweep(tenantId?: string): Promise<number> {
    const now = this.clock();
    let changedCount = 0;
    for (const found of await this.reads.unfinished(tenantId)) {
      const settings = await this.settings.forTenant(found.tenantId);
      if (!needsWork(found, settings.sla, now)) continue;
      // The case read by the pass is the one the write starts from (re-read only if someone wrote meanwhile).
      const { record } = await this.store.update(undefined, found, (draft) => {
        recordDueSlaEvents(draft, settings.sla, now);
        if (resetExpired(draft, now)) {
          moveCase(draft, 'VERIFIED', { kind: 'system' }, 'password reset link expired unused', settings.sla, now);
        }
        draft.updatedAt = now;
      });
      this.events.changed(record);
      changedCount++;
    }
    return changedCount;
  }
}

function resetExpired(record: RecoveryCaseRecord, now: Date): boolean {
  const last = record.resetGrants[record.resetGrants.length - 1];
  return record.status === 'RESET_ISSUED' && last !== undefined && !last.redeemedAt && now >= new Date(last.expiresAt);
}

function needsWork(record: RecoveryCaseRecord, sla: SlaPolicy, now: Date): boolean {
  return (
    resetExpired(record, now) || record.slaTimers.some((timer) => !timer.fulfilledAt && dueSlaEvents(timer, sla, now).length > 0)
  );
}
