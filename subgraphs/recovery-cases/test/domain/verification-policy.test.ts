import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VERIFICATION_POLICY as policy,
  countedAttempts,
  evaluateVerification,
  requirementFor,
  requirementProblem,
  type AttemptOutcome,
} from '../../src/domain/index.js';

const t = (minute: number) => new Date(Date.UTC(2026, 0, 5, 10, minute));

describe('verification policy', () => {
  it('needs two independent factor classes for a medium-risk lockout', () => {
    const req = requirementFor(policy, 'LOCKED_OUT', 'MEDIUM');
    const twoKnowledge: AttemptOutcome[] = [
      { method: 'SECURITY_QUESTIONS', result: 'PASSED', at: t(1) },
      { method: 'KNOWLEDGE_BASED', result: 'PASSED', at: t(2) },
    ];
    expect(evaluateVerification(policy, req, twoKnowledge)).toMatchObject({
      satisfied: false,
      passesCounted: 1,
      passesRequired: 2,
    });
    const knowledgeAndOtp = [...twoKnowledge, { method: 'OTP', result: 'PASSED', at: t(3) } as const];
    expect(evaluateVerification(policy, req, knowledgeAndOtp).satisfied).toBe(true);
  });

  it('does not count methods the reason forbids (suspected compromise ignores security questions)', () => {
    const req = requirementFor(policy, 'SUSPECTED_COMPROMISE', 'LOW');
    const attempts: AttemptOutcome[] = [
      { method: 'SECURITY_QUESTIONS', result: 'PASSED', at: t(1) },
      { method: 'OTP', result: 'PASSED', at: t(2) },
    ];
    expect(evaluateVerification(policy, req, attempts)).toMatchObject({ satisfied: false, passesCounted: 1 });
    attempts.push({ method: 'DOCUMENT_CHECK', result: 'PASSED', at: t(3) });
    expect(evaluateVerification(policy, req, attempts).satisfied).toBe(true);
  });

  it('locks after the tenant limit of failures, ignores expired attempts, and forgives failures before an unlock', () => {
    const req = requirementFor(policy, 'FORGOTTEN_PASSWORD', 'LOW');
    const attempts: AttemptOutcome[] = [
      { method: 'OTP', result: 'FAILED', at: t(1) },
      { method: 'OTP', result: 'EXPIRED', at: t(2) },
      { method: 'SECURITY_QUESTIONS', result: 'FAILED', at: t(3) },
    ];
    expect(evaluateVerification(policy, req, attempts)).toMatchObject({ failedAttempts: 2, shouldLock: false });
    attempts.push({ method: 'CALL_BACK', result: 'FAILED', at: t(4) });
    expect(evaluateVerification(policy, req, attempts)).toMatchObject({ failedAttempts: 3, shouldLock: true });
    expect(evaluateVerification(policy, req, attempts, t(5))).toMatchObject({ failedAttempts: 0, shouldLock: false });
    const strict = { ...policy, maxFailedAttempts: 2 };
    expect(evaluateVerification(strict, req, attempts.slice(0, 3)).shouldLock).toBe(true);
  });

  it('refuses tenant requirements that could never be met', () => {
    expect(
      requirementProblem({ allowedMethods: ['SECURITY_QUESTIONS', 'KNOWLEDGE_BASED'], requiredPasses: 2, independent: true }),
    ).toMatch(/cover 1/);
    expect(
      requirementProblem({ allowedMethods: ['SECURITY_QUESTIONS', 'KNOWLEDGE_BASED'], requiredPasses: 2, independent: false }),
    ).toBeUndefined();
    expect(requirementProblem({ allowedMethods: [], requiredPasses: 1, independent: false })).toMatch(/at least one/);
  });

  it('does not count passes from before the last reopening; failures still count (ADR 130)', () => {
    const attempts: AttemptOutcome[] = [
      { method: 'SECURITY_QUESTIONS', result: 'PASSED', at: t(1) },
      { method: 'KNOWLEDGE_BASED', result: 'FAILED', at: t(2) },
      { method: 'OTP', result: 'PASSED', at: t(4) },
    ];
    const history = [
      { to: 'REOPENED', at: t(0) },
      { to: 'REJECTED', at: t(2) },
      { to: 'REOPENED', at: t(3) },
    ];
    expect(countedAttempts(attempts, history).map((a) => `${a.method}:${a.result}`)).toEqual([
      'KNOWLEDGE_BASED:FAILED',
      'OTP:PASSED',
    ]);
    expect(countedAttempts(attempts, [])).toEqual(attempts);
  });
});
