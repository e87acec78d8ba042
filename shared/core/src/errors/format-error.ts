import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { DomainError } from '../domain/domain-error.js';
import { ERROR_CODES, isPublicCode } from './errors.js';

const INTERNAL_MESSAGE = 'Something went wrong on our side; try again later.';

/**
 * Apollo `formatError`: errors with a public code pass with their message (stack traces removed);
 * anything else — a driver error, a bug — is logged and replaced by a generic INTERNAL_SERVER_ERROR,
 * so internal messages never reach a client. A `DomainError` thrown by domain or application code is mapped here,
 * once for every subgraph: its code, message and details become the GraphQL error.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof Error && 'originalError' in error ? (error.originalError ?? error) : error;
    if (original instanceof DomainError) return fromDomainError(formatted, original);
    const code = formatted.extensions?.code;
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    if (isPublicCode(code)) {
      return { ...formatted, extensions };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error while resolving a request');
    return {
      message: INTERNAL_MESSAGE,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ERROR_CODES.INTERNAL },
    };
  };
}

function fromDomainError(formatted: GraphQLFormattedError, error: DomainError): GraphQLFormattedError {
  return {
    message: error.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { ...error.details, code: error.code },
  };
}
