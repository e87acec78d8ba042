import { isRole, type Identity } from './identity.js';

/** Raised when a token's claims do not describe a usable identity. The message is safe to show a caller. */
export class InvalidClaimsError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidClaimsError';
  }
}

const MAX_SUBJECT_LENGTH = 256;
const MAX_LIST_LENGTH = 256;

/**
 * JWT claims → Identity. `sub` and a numeric `exp` are required; `roles` keeps only known Role names
 * (unknown names are dropped, never mapped to a default); `tenants` keeps non-empty strings and never
 * the wildcard `*`. Signature and expiry of the token itself are checked by the caller (jose).
 */
export function identityFromClaims(payload: Record<string, unknown>): Identity {
  const { sub, roles, tenants, exp } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUBJECT_LENGTH) {
    throw new InvalidClaimsError('Token has no usable subject (sub claim).');
  }
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    throw new InvalidClaimsError('Token has no expiry (exp claim); issue tokens that expire.');
  }
  return {
    subject: sub,
    roles: [...new Set(boundedList(roles).filter(isRole))],
    tenantIds: [...new Set(boundedList(tenants).filter(isTenantId))],
    expiresAt: exp,
  };
}

function boundedList(value: unknown): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_LIST_LENGTH) {
    throw new InvalidClaimsError(`Token claims roles and tenants must be arrays of at most ${MAX_LIST_LENGTH} names.`);
  }
  return value;
}

function isTenantId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_SUBJECT_LENGTH && value !== '*';
}
