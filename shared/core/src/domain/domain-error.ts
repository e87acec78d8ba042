/**
 * The one way domain and application code refuses something. It carries no GraphQL: the subgraph factory maps it
 * to a GraphQL error once (`errors/format-error.ts`), so `domain/` stays free of transport imports and every
 * subgraph answers the same shape: `extensions.code` plus the details below.
 */
export const DOMAIN_ERROR_CODES = ['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'RATE_LIMITED'] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** Client-readable details; every value is safe to show the caller (no personal data, no internals). */
export type DomainErrorDetails = Readonly<Record<string, unknown>>;

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** `fields` names the invalid inputs and why: `{ email: 'must be an email address' }`. */
export const invalidInput = (message: string, fields?: Readonly<Record<string, string>>) =>
  new DomainError('BAD_USER_INPUT', message, fields ? { fields } : {});

export const missing = (message: string) => new DomainError('NOT_FOUND', message);

export const notAllowed = (message: string) => new DomainError('FORBIDDEN', message);

/**
 * A state change the current state does not allow. Every refused transition in Vigil answers CONFLICT with
 * the state it is in and the transitions it does allow, so a client can offer the right buttons. `message`
 * replaces the default wording when the entity has a better one (it must not carry personal data).
 */
export function refusedTransition(
  entity: string,
  from: string,
  to: string,
  allowedTransitions: readonly string[],
  message = `${withArticle(entity)} in ${from} cannot move to ${to}.`,
): DomainError {
  return new DomainError('CONFLICT', message, {
    state: from,
    requested: to,
    allowedTransitions: [...allowedTransitions],
  });
}

/**
 * "A recovery case", "An audit-only finding": the article by the first letter. Entity names are plain English
 * nouns chosen in this repository, none of which starts with a silent or consonant-sounding vowel letter.
 */
function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'An' : 'A'} ${noun}`;
}

/** Any other conflict with current state (a duplicate, a reused idempotency key); `details` say which. */
export const conflictWith = (message: string, details: DomainErrorDetails = {}) => new DomainError('CONFLICT', message, details);

/** `retryAfterSeconds` tells the caller when to try again. */
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new DomainError('RATE_LIMITED', message, { retryAfterSeconds });
