import { randomInt } from 'node:crypto';
import { conflictWith, rateLimited } from '@vigil/core/domain';
import { deliveryFailed } from './delivery-outcome.js';
import { hashSecret, issuedSecret, secretMatches, type IssuedSecret } from './secret-hash.js';

/**
 * One-time passcodes sent to a channel registered on the account. The code itself leaves this module
 * once, to the delivery adapter; only its digest is stored. A challenge is single use, expires, and
 * allows a bounded number of guesses; sending is rate-limited per account.
 */
export interface OtpSettings {
  readonly digits: number;
  readonly ttlMs: number;
  /** Wrong codes accepted on one challenge before it is burnt. */
  readonly maxGuesses: number;
  /** At most `maxSendsPerWindow` challenges per account (all its cases) within `sendWindowMs`. */
  readonly maxSendsPerWindow: number;
  readonly sendWindowMs: number;
}

export const DEFAULT_OTP_SETTINGS: OtpSettings = {
  digits: 6,
  ttlMs: 5 * 60_000,
  maxGuesses: 3,
  maxSendsPerWindow: 3,
  sendWindowMs: 15 * 60_000,
};

export interface OtpChallenge extends IssuedSecret {
  readonly codeDigest: string;
  readonly guesses: number;
  readonly consumedAt?: Date;
}

export function otpPurpose(caseId: string, challengeId: string): string {
  return `otp:${caseId}:${challengeId}`;
}

/**
 * Throws RATE_LIMITED (with `retryAfterSeconds`) when the account already had its share of codes in the window:
 * `previousIssuedAt` holds the codes of this case and of the account's other cases (ADR 129), so opening another
 * case does not send more.
 */
export function assertOtpSendAllowed(settings: OtpSettings, previousIssuedAt: readonly Date[], now: Date): void {
  const recent = previousIssuedAt.filter((t) => now.getTime() - t.getTime() < settings.sendWindowMs);
  if (recent.length >= settings.maxSendsPerWindow) {
    const oldest = Math.min(...recent.map((t) => t.getTime()));
    const retryAt = new Date(oldest + settings.sendWindowMs);
    throw rateLimited(
      `This account already received ${recent.length} codes in ${settings.sendWindowMs / 60_000} minutes; try again after ${retryAt.toISOString()}.`,
      Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)),
    );
  }
}

export function issueOtp(
  settings: OtpSettings,
  pepper: string,
  ids: { caseId: string; challengeId: string },
  now: Date,
): { code: string; challenge: OtpChallenge } {
  const code = randomInt(0, 10 ** settings.digits)
    .toString()
    .padStart(settings.digits, '0');
  return {
    code,
    challenge: {
      ...issuedSecret(ids.challengeId, ids.caseId, now, settings.ttlMs),
      codeDigest: hashSecret(pepper, otpPurpose(ids.caseId, ids.challengeId), code),
      guesses: 0,
    },
  };
}

/**
 * PASSED: right code, in time, first use (the caller marks it consumed).
 * FAILED: wrong code (the caller counts the guess; the last allowed wrong guess burns the challenge).
 * EXPIRED: too late.  Reusing a consumed or burnt challenge, or one whose delivery failed, is a CONFLICT, not a
 * verification attempt.
 */
export type OtpCheck =
  { readonly result: 'PASSED' } | { readonly result: 'FAILED'; readonly guessesLeft: number } | { readonly result: 'EXPIRED' };

export function checkOtp(settings: OtpSettings, pepper: string, challenge: OtpChallenge, presented: string, now: Date): OtpCheck {
  if (deliveryFailed(challenge.delivery)) {
    throw conflictWith('This code was not delivered (its email failed), so it does not work; send a new one.');
  }
  if (challenge.consumedAt) {
    throw conflictWith('This code was already used; send a new one.');
  }
  if (challenge.guesses >= settings.maxGuesses) {
    throw conflictWith('Too many wrong codes for this challenge; send a new one.');
  }
  if (now >= challenge.expiresAt) return { result: 'EXPIRED' };
  if (secretMatches(pepper, otpPurpose(challenge.caseId, challenge.id), presented.trim(), challenge.codeDigest)) {
    return { result: 'PASSED' };
  }
  return { result: 'FAILED', guessesLeft: settings.maxGuesses - challenge.guesses - 1 };
}
