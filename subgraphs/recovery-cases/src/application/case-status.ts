import { invalidInput, type Identity } from '@vigil/core/domain';
import { isTerminal, type CaseStatus } from '../domain/case-lifecycle.js';
import { emitAction, moveCase, personOf } from './case-draft.js';
import { changeCase, writeCase, type RecoveryCommandDeps } from './case-command.js';
import type { RecoveryCaseRecord } from './case-record.js';
import { assertRoomForCase } from './open-case-limit.js';
import { setWaiting } from './case-sla.js';
import { refusedInStatus } from './refusals.js';

/** Statuses an agent or supervisor may set by hand; the others follow from evidence (verifications, resets). */
const MANUAL_TARGETS: readonly CaseStatus[] = ['VERIFYING', 'ESCALATED', 'REJECTED', 'EXPIRED', 'REOPENED', 'RESOLVED'];

/** Escalate, reject, expire, reopen, resolve, or (SUPERVISOR) unlock a LOCKED case back to VERIFYING. */
export async function changeStatus(
  deps: RecoveryCommandDeps,
  identity: Identity,
  caseId: string,
  to: CaseStatus,
  reason: string,
): Promise<RecoveryCaseRecord> {
  if (!MANUAL_TARGETS.includes(to)) {
    throw invalidInput(
      `${to} is set by the system (verifications met, too many failures, reset issued); you can set: ${MANUAL_TARGETS.join(', ')}.`,
      { to: 'not a status you can set by hand' },
    );
  }
  const current = await deps.store.load(identity, caseId);
  // A closed case reopened counts again: reopening must not get round the account's limit (ADR 137).
  if (to === 'REOPENED' && isTerminal(current.status)) {
    await assertRoomForCase(deps, current.tenantId, current.accountId, current._id);
  }
  const { record } = await writeCase(deps, identity, current, (draft, now, settings) => {
    const from = draft.status;
    moveCase(draft, to, personOf(identity), reason, settings.sla, now);
    if (from === 'LOCKED') draft.unlockedAt = now;
  });
  return record;
}

/** Waiting on the customer pauses the resolution and next-response clocks. */
export function setWaitingOnCustomer(
  deps: RecoveryCommandDeps,
  identity: Identity,
  caseId: string,
  waiting: boolean,
): Promise<RecoveryCaseRecord> {
  return changeCase(deps, identity, caseId, (draft, now) => {
    if (isTerminal(draft.status)) {
      throw refusedInStatus(draft.status, 'SET_WAITING', `The case is ${draft.status}; its timers are stopped.`);
    }
    setWaiting(draft, waiting, now);
    emitAction(draft, identity.subject, 'case.waiting_on_customer_changed', now, { waiting });
  });
}
