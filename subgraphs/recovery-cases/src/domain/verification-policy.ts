import type { CaseReason, RiskLevel, VerificationMethod, VerificationResult } from './vocabulary.js';

/**
 * What a tenant requires before a reset may be issued. Two passes are "independent" only when they come
 * from different factor classes: answering security questions and knowledge-based questions both prove
 * knowledge, so together they count once.
 */
export type FactorClass = 'KNOWLEDGE' | 'POSSESSION' | 'DOCUMENT';

export const FACTOR_CLASS: Readonly<Record<VerificationMethod, FactorClass>> = {
  SECURITY_QUESTIONS: 'KNOWLEDGE',
  KNOWLEDGE_BASED: 'KNOWLEDGE',
  OTP: 'POSSESSION',
  CALL_BACK: 'POSSESSION',
  DOCUMENT_CHECK: 'DOCUMENT',
};

export interface VerificationRequirement {
  /** Methods the agent may use for this reason and risk level. */
  readonly allowedMethods: readonly VerificationMethod[];
  /** Passed attempts needed, each from a different factor class when `independent`. */
  readonly requiredPasses: number;
  readonly independent: boolean;
}

export interface VerificationPolicy {
  /** Failed attempts after which the case locks and needs a supervisor (tenant setting). */
  readonly maxFailedAttempts: number;
  /** Requirement by risk level, with overrides per reason (e.g. suspected compromise). */
  readonly byRisk: Readonly<Record<RiskLevel, VerificationRequirement>>;
  readonly byReason?: Partial<Readonly<Record<CaseReason, VerificationRequirement>>>;
}

const ALL_METHODS: readonly VerificationMethod[] = [
  'SECURITY_QUESTIONS',
  'OTP',
  'DOCUMENT_CHECK',
  'KNOWLEDGE_BASED',
  'CALL_BACK',
];
const STRONG_METHODS: readonly VerificationMethod[] = ['OTP', 'DOCUMENT_CHECK', 'CALL_BACK'];

/** The policy a tenant gets until it sets its own. */
export const DEFAULT_VERIFICATION_POLICY: VerificationPolicy = {
  maxFailedAttempts: 3,
  byRisk: {
    LOW: { allowedMethods: ALL_METHODS, requiredPasses: 1, independent: false },
    MEDIUM: { allowedMethods: ALL_METHODS, requiredPasses: 2, independent: true },
    HIGH: { allowedMethods: STRONG_METHODS, requiredPasses: 2, independent: true },
  },
  byReason: {
    // A suspected breach means the attacker may know the answers: two independent, strong methods.
    SUSPECTED_COMPROMISE: { allowedMethods: STRONG_METHODS, requiredPasses: 2, independent: true },
    // The lost factor cannot be one of the proofs; OTP to the lost phone would prove nothing.
    LOST_FACTOR: {
      allowedMethods: ['SECURITY_QUESTIONS', 'DOCUMENT_CHECK', 'KNOWLEDGE_BASED', 'CALL_BACK'],
      requiredPasses: 2,
      independent: true,
    },
  },
};

/** Why a requirement could never be met, or undefined when it can. */
export function requirementProblem(requirement: VerificationRequirement): string | undefined {
  if (requirement.allowedMethods.length === 0) return 'Allow at least one verification method.';
  if (!Number.isInteger(requirement.requiredPasses) || requirement.requiredPasses < 1)
    return 'Require at least one passed verification.';
  const reachable = requirement.independent
    ? new Set(requirement.allowedMethods.map((m) => FACTOR_CLASS[m])).size
    : Number.POSITIVE_INFINITY;
  if (requirement.requiredPasses > reachable) {
    return `${requirement.requiredPasses} independent passes need methods from ${requirement.requiredPasses} factor classes (knowledge, possession, document); the allowed methods cover ${reachable}.`;
  }
  return undefined;
}

export function requirementFor(policy: VerificationPolicy, reason: CaseReason, risk: RiskLevel): VerificationRequirement {
  return policy.byReason?.[reason] ?? policy.byRisk[risk];
}

export interface AttemptOutcome {
  readonly method: VerificationMethod;
  readonly result: VerificationResult;
  /** When the attempt was recorded; failures before a supervisor unlock do not count toward a new lock. */
  readonly at: Date;
}

/**
 * The attempts the policy counts: passes recorded before the case was last reopened do not — a reopened case is a
 * new call, and whoever is on the line proves who they are again (ADR 130); otherwise a supervisor's rejection is
 * undone by reopening, and any attempt, even a failed one, re-verifies the case. Failures keep counting toward the
 * lock. A pass at the very instant of the reopening does not count (the safe side).
 */
export function countedAttempts<T extends AttemptOutcome>(
  attempts: readonly T[],
  history: readonly { readonly to: string; readonly at: Date }[],
): readonly T[] {
  const reopened = history.findLast((t) => t.to === 'REOPENED');
  if (!reopened) return attempts;
  const since = new Date(reopened.at).getTime();
  return attempts.filter((a) => a.result !== 'PASSED' || new Date(a.at).getTime() > since);
}

export interface VerificationProgress {
  readonly satisfied: boolean;
  readonly passesCounted: number;
  readonly passesRequired: number;
  /** Failed attempts since the last unlock, the account's other cases' included. */
  readonly failedAttempts: number;
  readonly shouldLock: boolean;
}

/**
 * Where a case stands. `unlockedAt` is the last supervisor unlock: failures before it were reviewed and
 * do not lock the case again. EXPIRED attempts (the customer never answered) neither pass nor lock.
 * `otherFailures`: unreviewed failures on the account's other cases (`account-failures.ts`), which count
 * toward the lock too.
 */
export function evaluateVerification(
  policy: VerificationPolicy,
  requirement: VerificationRequirement,
  attempts: readonly AttemptOutcome[],
  unlockedAt?: Date,
  otherFailures = 0,
): VerificationProgress {
  const passedMethods = attempts
    .filter((a) => a.result === 'PASSED' && requirement.allowedMethods.includes(a.method))
    .map((a) => a.method);
  const passesCounted = requirement.independent ? new Set(passedMethods.map((m) => FACTOR_CLASS[m])).size : passedMethods.length;
  const failedAttempts =
    attempts.filter((a) => a.result === 'FAILED' && (!unlockedAt || a.at > unlockedAt)).length + otherFailures;
  return {
    satisfied: passesCounted >= requirement.requiredPasses,
    passesCounted,
    passesRequired: requirement.requiredPasses,
    failedAttempts,
    shouldLock: failedAttempts >= policy.maxFailedAttempts,
  };
}
