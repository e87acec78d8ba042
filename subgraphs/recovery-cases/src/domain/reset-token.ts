import { randomBytes } from 'node:crypto';
import { conflictWith, notAllowed } from '@vigil/core/domain';
import { deliveryFailed } from './delivery-outcome.js';
import { hashSecret, issuedSecret, secretMatches, type IssuedSecret } from './secret-hash.js';

/**
 * Password-reset links: 256 random bits, stored as a digest, single use, expiring. The link is delivered
 * to the channel registered on the account before the call — never to an address given during it.
 */
export const DEFAULT_RESET_TTL_MS = 30 * 60_000;

export interface ResetGrant extends IssuedSecret {
  readonly tokenDigest: string;
  readonly deliveredTo: RegisteredChannel;
  readonly redeemedAt?: Date;
}

/** A contact channel as the accounts subgraph has it on file. */
export interface RegisteredChannel {
  readonly type: 'EMAIL' | 'SMS';
  readonly address: string;
}

export function resetPurpose(caseId: string, grantId: string): string {
  return `reset:${caseId}:${grantId}`;
}

export function issueResetToken(
  pepper: string,
  ids: { caseId: string; grantId: string },
  channel: RegisteredChannel,
  now: Date,
  ttlMs = DEFAULT_RESET_TTL_MS,
): { token: string; grant: ResetGrant } {
  const token = randomBytes(32).toString('base64url');
  return {
    token,
    grant: {
      ...issuedSecret(ids.grantId, ids.caseId, now, ttlMs),
      tokenDigest: hashSecret(pepper, resetPurpose(ids.caseId, ids.grantId), token),
      deliveredTo: channel,
    },
  };
}

/** Throws when the token is wrong, undelivered, used or expired; otherwise the caller marks the grant redeemed. */
export function assertResetRedeemable(pepper: string, grant: ResetGrant, presented: string, now: Date): void {
  if (!secretMatches(pepper, resetPurpose(grant.caseId, grant.id), presented, grant.tokenDigest)) {
    throw notAllowed('This reset link is not valid.');
  }
  if (deliveryFailed(grant.delivery)) {
    throw conflictWith('This reset link was not delivered (its email failed), so it does not work; ask the agent for a new one.');
  }
  if (grant.redeemedAt) {
    throw conflictWith('This reset link was already used; ask the agent for a new one.');
  }
  if (now >= grant.expiresAt) {
    throw conflictWith('This reset link has expired; ask the agent for a new one.');
  }
}
