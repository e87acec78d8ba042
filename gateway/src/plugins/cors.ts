/** The runtime's per-request CORS answer: `false` sends no CORS headers. */
export type CorsAnswer =
  { origin: string[]; methods: string[]; allowedHeaders: string[]; credentials: boolean; maxAge: number } | false;

/** The headers a browser client may send: the token, JSON, and the CSRF header for GETs. */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'x-graphql-csrf'];

/**
 * The runtime's `cors` option from an allowlist of exact origins (GATEWAY_CORS_ORIGINS). An Origin not on the list
 * gets no CORS headers at all, so the browser withholds the answer; an empty list means no cross-origin browser
 * access. Never reflects an arbitrary Origin, and never allows credentials: clients authenticate with a bearer token,
 * not cookies, so a cross-site page has nothing ambient to ride on.
 */
export function corsFromAllowlist(allowedOrigins: readonly string[]): (request: Request) => CorsAnswer {
  const allowed = new Set(allowedOrigins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (!origin || !allowed.has(origin)) return false;
    return {
      origin: [origin],
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ALLOWED_HEADERS,
      credentials: false,
      maxAge: 600,
    };
  };
}
