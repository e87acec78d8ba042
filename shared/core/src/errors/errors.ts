import { GraphQLError } from 'graphql';

/** `extensions.code` values every subgraph uses; clients branch on these, not on messages. */
export const ERROR_CODES = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  /** Too many requests from this subject, tenant or address; `extensions.retryAfterSeconds` says when to retry. */
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Codes whose messages were written for the client and may be shown as they are. */
const PUBLIC_CODES = new Set<string>([
  ...Object.values(ERROR_CODES).filter((code) => code !== ERROR_CODES.INTERNAL),
  // Apollo Server's own client-facing codes.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

function codedError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const unauthenticated = (message = 'Sign in: a valid identity is required.') =>
  codedError(ERROR_CODES.UNAUTHENTICATED, message);
export const forbidden = (message = 'You are not allowed to do this.') => codedError(ERROR_CODES.FORBIDDEN, message);
/** `fields` names the invalid input fields and why, e.g. `{ email: 'must be an email address' }`. */
export const badUserInput = (message: string, fields?: Record<string, string>) =>
  codedError(ERROR_CODES.BAD_USER_INPUT, message, fields ? { fields } : {});
export const notFound = (message: string) => codedError(ERROR_CODES.NOT_FOUND, message);
export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  codedError(ERROR_CODES.CONFLICT, message, details);
export const internal = (message = 'Something went wrong on our side; try again later.') =>
  codedError(ERROR_CODES.INTERNAL, message);

export function isPublicCode(code: unknown): boolean {
  return typeof code === 'string' && PUBLIC_CODES.has(code);
}
