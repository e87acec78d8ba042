import type { Identity } from '@vigil/core/domain';
import { ACCOUNT_FAILURE_WINDOW_MS, unreviewedFailures, type OtherCaseAttempts } from '../domain/account-failures.js';
import { countedAttempts, evaluateVerification, requirementFor } from '../domain/verification-policy.js';
import { moveCase, personOf } from './case-draft.js';
import type { RecoveryCommandDeps } from './case-command.js';
import type { RecoveryCaseRecord } from './case-record.js';
import type { RecoverySettings } from './settings.js';

/** The account's other cases with a failure inside the window (ADR 129): read once per verification command. */
export function otherCasesOfAccount(deps: RecoveryCommandDeps, current: RecoveryCaseRecord): Promise<OtherCaseAttempts[]> {
  const since = new Date(deps.clock().getTime() - ACCOUNT_FAILURE_WINDOW_MS);
  return deps.reads.otherCasesWithFailures(current.tenantId, current.accountId, current._id, since);
}

/** Unreviewed failures on the account's other cases, as of `now`, for this draft. */
export function otherFailuresOf(draft: RecoveryCaseRecord, others: readonly OtherCaseAttempts[], now: Date): number {
  return unreviewedFailures(others, now, draft.unlockedAt);
}

/**
 * Before an attempt is checked (the case is verifiable): when the account's unreviewed failures — this case's and its
 * other cases' — already reach the tenant's limit, the case is LOCKED for a supervisor instead, and the attempt is
 * neither checked nor recorded: a code read back on a new case must not verify a caller the account's lock stopped.
 * True when it locked.
 */
export function lockedForAccountFailures(
  draft: RecoveryCaseRecord,
  identity: Identity,
  settings: RecoverySettings,
  others: readonly OtherCaseAttempts[],
  now: Date,
): boolean {
  const requirement = requirementFor(settings.verification, draft.reason, draft.riskLevel);
  const otherFailures = otherFailuresOf(draft, others, now);
  const attempts = countedAttempts(draft.verifications, draft.history);
  const progress = evaluateVerification(settings.verification, requirement, attempts, draft.unlockedAt, otherFailures);
  if (!progress.shouldLock) return false;
  if (draft.status !== 'VERIFYING') moveCase(draft, 'VERIFYING', personOf(identity), 'verification started', settings.sla, now);
  const why = `${progress.failedAttempts} failed verification attempts on the account's cases in the last 24 hours; a supervisor must review`;
  moveCase(draft, 'LOCKED', { kind: 'system' }, why, settings.sla, now);
  return true;
}
