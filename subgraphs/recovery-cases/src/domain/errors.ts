/**
 * Errors the recovery rules raise. They carry the GraphQL error code the resolvers answer with, so the
 * domain stays free of GraphQL while the edge needs no guesswork to map them.
 */
export type RecoveryErrorCode = 'CONFLICT' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'TOO_MANY_REQUESTS';

export class RecoveryRuleError extends Error {
  constructor(
    readonly code: RecoveryErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'RecoveryRuleError';
  }
}
