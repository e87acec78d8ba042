import type { AttemptOutcome } from './verification-policy.js';

/**
 * The failed-verification lock guards an account, not one case (ADR 129): otherwise a caller who failed on one case
 * gets fresh guesses by having another case opened, or by spreading guesses over several open cases. Failures on the
 * account's other cases count toward locking this one for a day — long enough to span a caller's retries, short
 * enough that a customer who failed last week starts afresh.
 */
export const ACCOUNT_FAILURE_WINDOW_MS = 24 * 3_600_000;

/** What another case of the account contributes: its attempts and its last supervisor unlock. */
export interface OtherCaseAttempts {
  readonly verifications: readonly AttemptOutcome[];
  readonly unlockedAt?: Date;
}

/**
 * Failed attempts on the account's other cases that still count: within the window before `now`, and after any
 * supervisor review — that case's last unlock, or this case's (`unlockedAt`), since the supervisor who unlocks a
 * case decides the caller may go on.
 */
export function unreviewedFailures(others: readonly OtherCaseAttempts[], now: Date, unlockedAt?: Date): number {
  const windowStart = now.getTime() - ACCOUNT_FAILURE_WINDOW_MS;
  const since = Math.max(windowStart, unlockedAt ? new Date(unlockedAt).getTime() : -Infinity);
  let count = 0;
  for (const other of others) {
    const reviewed = other.unlockedAt ? new Date(other.unlockedAt).getTime() : -Infinity;
    for (const attempt of other.verifications) {
      const at = new Date(attempt.at).getTime();
      if (attempt.result === 'FAILED' && at > since && at > reviewed) count++;
    }
  }
  return count;
}
