import { randomUUID } from 'node:crypto';
import { invalidInput, type Identity } from '@vigil/core/domain';
import type { CaseStatus } from '../domain/case-lifecycle.js';
import { countedAttempts, evaluateVerification, requirementFor } from '../domain/verification-policy.js';
import type { VerificationMethod, VerificationResult } from '../domain/vocabulary.js';
import { emitAction, moveCase, personOf } from './case-draft.js';
import { writeCase, type RecoveryCommandDeps } from './case-command.js';
import { lockedForAccountFailures, otherCasesOfAccount, otherFailuresOf } from './account-lock.js';
import type { RecoveryCaseRecord, VerificationAttemptRecord } from './case-record.js';
import { agentResponded } from './case-sla.js';
import { refusedInStatus } from './refusals.js';
import type { RecoverySettings } from './settings.js';

const VERIFIABLE: readonly CaseStatus[] = ['OPEN', 'REOPENED', 'VERIFYING'];

/** Security questions, document check, knowledge-based questions, call-back: the agent reports the result. */
export async function recordVerification(
  deps: RecoveryCommandDeps,
  identity: Identity,
  caseId: string,
  input: { method: VerificationMethod; result: VerificationResult; evidenceRef?: string },
): Promise<RecoveryCaseRecord> {
  if (input.method === 'OTP') {
    throw invalidInput('OTP results come from checking the code: use sendVerificationCode and checkVerificationCode.', {
      method: 'OTP is checked by the system',
    });
  }
  const current = await deps.store.load(identity, caseId);
  const others = await otherCasesOfAccount(deps, current);
  const { record } = await writeCase(deps, identity, current, (draft, now, settings) => {
    assertVerifiable(draft, settings, input.method);
    if (lockedForAccountFailures(draft, identity, settings, others, now)) return;
    const attempt = { ...input, id: randomUUID(), agentId: identity.subject, at: now };
    applyAttempt(draft, identity, settings, attempt, now, otherFailuresOf(draft, others, now));
  });
  return record;
}

/**
 * Verification is recorded while the case is OPEN, REOPENED or VERIFYING (otherwise CONFLICT with the case's
 * allowed transitions), with a method the tenant's policy counts for this case (otherwise BAD_USER_INPUT).
 */
export function assertVerifiable(draft: RecoveryCaseRecord, settings: RecoverySettings, method: VerificationMethod): void {
  if (!VERIFIABLE.includes(draft.status)) {
    throw refusedInStatus(
      draft.status,
      'VERIFYING',
      draft.status === 'LOCKED'
        ? 'The case is LOCKED after too many failed verifications; a SUPERVISOR must review and unlock it.'
        : `Verification is recorded while the case is ${VERIFIABLE.join(', ')}; it is ${draft.status}.`,
    );
  }
  const requirement = requirementFor(settings.verification, draft.reason, draft.riskLevel);
  if (!requirement.allowedMethods.includes(method)) {
    throw invalidInput(
      `${method} does not count for a ${draft.reason} case at ${draft.riskLevel} risk; use one of: ${requirement.allowedMethods.join(', ')}.`,
      { method: 'not allowed by the tenant policy for this case' },
    );
  }
}

/**
 * Records an attempt and lets the policy decide: VERIFIED when met, LOCKED after too many failures — this case's
 * since its last unlock plus `otherFailures`, the account's other cases' unreviewed ones (ADR 129).
 */
export function applyAttempt(
  draft: RecoveryCaseRecord,
  identity: Identity,
  settings: RecoverySettings,
  attempt: VerificationAttemptRecord,
  now: Date,
  otherFailures: number,
): VerificationAttemptRecord {
  assertVerifiable(draft, settings, attempt.method);
  if (draft.status !== 'VERIFYING') moveCase(draft, 'VERIFYING', personOf(identity), 'verification started', settings.sla, now);
  draft.verifications.push(attempt);
  agentResponded(draft, settings.sla, now);
  emitAction(draft, identity.subject, 'verification.recorded', now, {
    attemptId: attempt.id,
    method: attempt.method,
    result: attempt.result,
  });
  const requirement = requirementFor(settings.verification, draft.reason, draft.riskLevel);
  const attempts = countedAttempts(draft.verifications, draft.history);
  const progress = evaluateVerification(settings.verification, requirement, attempts, draft.unlockedAt, otherFailures);
  if (progress.satisfied) {
    const why = `verification policy met: ${progress.passesCounted} of ${progress.passesRequired} independent passes`;
    moveCase(draft, 'VERIFIED', { kind: 'system' }, why, settings.sla, now);
  } else if (progress.shouldLock) {
    const why = `${progress.failedAttempts} failed verification attempts; a supervisor must review`;
    moveCase(draft, 'LOCKED', { kind: 'system' }, why, settings.sla, now);
  }
  return attempt;
}
