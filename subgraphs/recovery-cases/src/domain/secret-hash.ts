import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DeliveryOutcome } from './delivery-outcome.js';

/**
 * Secrets handed to customers (OTP codes, reset tokens) are stored only as HMAC-SHA256 digests keyed with
 * a server-side pepper and bound to what they unlock (`purpose`), so a database dump cannot be replayed
 * and a code for one case cannot be used on another.
 */
export function hashSecret(pepper: string, purpose: string, secret: string): string {
  return createHmac('sha256', pepper).update(purpose).update('\0').update(secret).digest('base64url');
}

/** Constant-time comparison of a presented secret against the stored digest. */
export function secretMatches(pepper: string, purpose: string, presented: string, storedDigest: string): boolean {
  const presentedDigest = Buffer.from(hashSecret(pepper, purpose, presented));
  const stored = Buffer.from(storedDigest);
  return presentedDigest.length === stored.length && timingSafeEqual(presentedDigest, stored);
}

/** What every stored single-use secret (OTP challenge, reset grant) records besides its digest. */
export interface IssuedSecret {
  readonly id: string;
  readonly caseId: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** Set once the send ended (ADR 135); absent while under way. */
  readonly delivery?: DeliveryOutcome;
}

/** A secret issued `now` for the case, valid for `ttlMs`. */
export function issuedSecret(id: string, caseId: string, now: Date, ttlMs: number): IssuedSecret {
  return { id, caseId, issuedAt: now, expiresAt: new Date(now.getTime() + ttlMs) };
}
