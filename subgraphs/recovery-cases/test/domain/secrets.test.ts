import { DomainError } from '@vigil/core/domain';
import { describe, expect, it } from 'vitest';
import {
  assertOtpSendAllowed,
  assertResetRedeemable,
  checkOtp,
  DEFAULT_OTP_SETTINGS as settings,
  issueOtp,
  issueResetToken,
} from '../../src/domain/index.js';

const pepper = 'test-pepper-0123456789abcdef0123456789';
const now = new Date('2026-01-05T10:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

describe('one-time passcodes', () => {
  it('stores only a digest and accepts the right code once, in time', () => {
    const { code, challenge } = issueOtp(settings, pepper, { caseId: 'c1', challengeId: 'o1' }, now);
    expect(code).toMatch(/^\d{6}$/);
    expect(challenge.codeDigest).not.toContain(code);
    expect(checkOtp(settings, pepper, challenge, code, later(1000))).toEqual({ result: 'PASSED' });
    expect(() => checkOtp(settings, pepper, { ...challenge, consumedAt: later(1000) }, code, later(2000))).toThrow(
      /already used/,
    );
  });

  it('fails a wrong code, burns the challenge after the allowed guesses, and expires', () => {
    const { code, challenge } = issueOtp(settings, pepper, { caseId: 'c1', challengeId: 'o1' }, now);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(checkOtp(settings, pepper, challenge, wrong, later(1000))).toEqual({ result: 'FAILED', guessesLeft: 2 });
    expect(() => checkOtp(settings, pepper, { ...challenge, guesses: 3 }, code, later(1000))).toThrow(/Too many wrong codes/);
    expect(checkOtp(settings, pepper, challenge, code, later(settings.ttlMs))).toEqual({ result: 'EXPIRED' });
  });

  it('binds a code to its case: the same code on another case does not pass', () => {
    const { code, challenge } = issueOtp(settings, pepper, { caseId: 'c1', challengeId: 'o1' }, now);
    expect(checkOtp(settings, pepper, { ...challenge, caseId: 'c2' }, code, later(1)).result).toBe('FAILED');
  });

  it('rate-limits sending per case', () => {
    const sent = [now, later(60_000), later(120_000)];
    let refused: unknown;
    try {
      assertOtpSendAllowed(settings, sent, later(180_000));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DomainError);
    // The oldest of the three leaves the 15-minute window 15 min after `now`: 12 minutes after the fourth try.
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 720 } });
    expect(() => assertOtpSendAllowed(settings, sent, later(settings.sendWindowMs + 1))).not.toThrow();
  });
});

describe('reset tokens', () => {
  const channel = { type: 'EMAIL', address: 'jordan.rivera@example.com' } as const;

  it('is redeemable once, before expiry, with the exact token', () => {
    const { token, grant } = issueResetToken(pepper, { caseId: 'c1', grantId: 'r1' }, channel, now);
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(grant.tokenDigest).not.toBe(token);
    expect(() => assertResetRedeemable(pepper, grant, token, later(1000))).not.toThrow();
    expect(() => assertResetRedeemable(pepper, grant, `${token}x`, later(1000))).toThrow(/not valid/);
    expect(() => assertResetRedeemable(pepper, { ...grant, redeemedAt: later(1) }, token, later(1000))).toThrow(/already used/);
    expect(() => assertResetRedeemable(pepper, grant, token, grant.expiresAt)).toThrow(/expired/);
    // A link recorded as not delivered does not work, even if the mail did arrive (ADR 135).
    for (const delivery of ['NOT_SENT', 'UNCERTAIN'] as const) {
      expect(() => assertResetRedeemable(pepper, { ...grant, delivery }, token, later(1000))).toThrow(/not delivered/);
    }
    expect(() => assertResetRedeemable(pepper, { ...grant, delivery: 'SENT' }, token, later(1000))).not.toThrow();
  });
});
