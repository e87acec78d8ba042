import { conflictWith, type DomainError } from '@vigil/core/domain';

/**
 * How many unfinished recovery cases (any status but RESOLVED, REJECTED, EXPIRED) one account may have at once
 * (ADR 137). Without a bound, anyone who may open cases could fill the store and the supervisors' queue through one
 * account. One customer rarely needs more than one case; the default leaves room for what a floor really does (a
 * ticket per channel the customer called from, repeated calls before a supervisor merges them, reopened cases and
 * escalated alerts) and still stops a flood at twenty.
 */
export const DEFAULT_MAX_OPEN_CASES_PER_ACCOUNT = 20;

/** The refusal of one more unfinished case on an account that has `openCaseIds` and may have `max`. */
export function openCaseLimitReached(openCaseIds: readonly string[], max: number): DomainError {
  return conflictWith(
    `This account already has ${openCaseIds.length} unfinished recovery cases, and one account may have at most ${max}: continue one of them, or close one first.`,
    { limit: 'OPEN_CASES_PER_ACCOUNT', maxOpenCasesPerAccount: max, openCaseIds: [...openCaseIds] },
  );
}
