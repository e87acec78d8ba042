import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError } from 'graphql';

/** The header a non-JSON request must carry; a browser sends a custom header only after a CORS preflight. */
export const CSRF_HEADER = 'x-graphql-csrf';

/** Content types a browser may POST cross-site without a preflight (HTML forms, `fetch` with `no-cors`). */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * CSRF prevention: a request a browser could send cross-site without a CORS preflight — a GET, or a POST without a
 * content type or with a form / `text/plain` one — must carry `x-graphql-csrf` (any value). JSON POSTs are
 * preflighted by browsers, so they pass; a preflight from an Origin outside the allowlist gets no CORS headers.
 * Refused with 403 and `CSRF_HEADER_REQUIRED` before the request is parsed.
 */
export function useCsrfPrevention(): GatewayPlugin {
  return {
    onRequestParse({ request }) {
      if (request.headers.has(CSRF_HEADER) || wasPreflighted(request.headers.get('content-type'))) return;
      throw new GraphQLError(
        `This request could come from another site's form or link: send JSON (content-type: application/json), or add the "${CSRF_HEADER}" header.`,
        { extensions: { code: 'CSRF_HEADER_REQUIRED', http: { status: 403 } } },
      );
    },
  };
}

function wasPreflighted(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.trim().toLowerCase();
  return !SIMPLE_CONTENT_TYPES.some((simple) => type.startsWith(simple));
}
