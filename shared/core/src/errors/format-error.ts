import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ERROR_CODES, isPublicCode } from './errors.js';

const INTERNAL_MESSAGE = 'Something went wrong on our side; try again later.';

/**
 * Apollo `formatError`: errors with a public code pass with their message (stack traces removed);
 * anything else — a driver error, a bug — is logged and replaced by a generic INTERNAL_SERVER_ERROR,
 * so internal messages never reach a client.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    if (isPublicCode(code)) {
      return { ...formatted, extensions };
    }
    const original = error instanceof Error && 'originalError' in error ? (error.originalError ?? error) : error;
    logger.error({ err: original, path: formatted.path }, 'unexpected error while resolving a request');
    return {
      message: INTERNAL_MESSAGE,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ERROR_CODES.INTERNAL },
    };
  };
}
