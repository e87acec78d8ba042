/**
 * What a recovery case keeps after its account's erasure (ADR 144). A case copies the customer's personal data: contact
 * values (a requested new email or phone number, the address a reset link went to) and free text that names them
 * (notes, among them the analyst's reason an escalated alert copied; status and decision reasons). When activity-logs
 * records the account's erasure, these become `[redacted]` in place. The audit facts stay: ids, statuses, who did what
 * and when, verification methods and results, linked alert ids, SLA timers; the evidence and interaction references
 * are ids into the BPO's own systems, which erase what they hold themselves.
 */
import { REDACTED } from '@vigil/core';
import type { RecoveryCaseRecord } from './case-record.js';
import type { CaseStore } from './case-store.js';
import type { CaseReads } from './ports.js';

/**
 * Redacts in `draft` what was written before `erasedAt` (a case opened, or a note added, after the erasure is new
 * processing and keeps its values); answers whether anything changed. Safe to run again.
 */
export function redactErasedValues(draft: RecoveryCaseRecord, erasedAt: Date): boolean {
  let changed = false;
  const before = (at: Date) => at.getTime() <= erasedAt.getTime();
  const redacted = <T>(item: T, at: Date, fields: readonly (keyof T)[]): T => {
    if (!before(at)) return item;
    const next = { ...item };
    for (const field of fields) {
      if (next[field] === undefined || next[field] === REDACTED) continue;
      next[field] = REDACTED as T[keyof T];
      changed = true;
    }
    return next;
  };
  draft.notes = draft.notes.map((note) => redacted(note, note.at, ['body']));
  draft.history = draft.history.map((change) => redacted(change, change.at, ['reason']));
  draft.contactChanges = draft.contactChanges.map((change) =>
    redacted(change, change.requestedAt, ['newValue', 'decisionReason']),
  );
  draft.resetGrants = draft.resetGrants.map((grant) =>
    before(grant.issuedAt) && grant.deliveredTo.address !== REDACTED
      ? ((changed = true), { ...grant, deliveredTo: { ...grant.deliveredTo, address: REDACTED } })
      : grant,
  );
  return changed;
}

/** Applies an account's erasure to its cases; idempotent (a case with nothing left to redact is not written). */
export class CaseErasure {
  constructor(
    private readonly reads: CaseReads,
    private readonly store: CaseStore,
  ) {}

  /** Answers how many cases changed. */
  async eraseAccount(tenantId: string, accountId: string, erasedAt: Date): Promise<number> {
    let changed = 0;
    for (const found of await this.reads.byField('accountId', [accountId], [tenantId])) {
      if (!redactErasedValues(structuredClone(found), erasedAt)) continue;
      // As the system: an erasure is never refused for the case's size, and a concurrent command's write is retried.
      await this.store.update(undefined, found, (draft) => redactErasedValues(draft, erasedAt));
      changed += 1;
    }
    return changed;
  }
}
