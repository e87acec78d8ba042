import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Identity } from '../auth/identity.js';
import {
  signUpstreamIdentity,
  UpstreamIdentityError,
  verifyUpstreamJws,
  type UpstreamOperation,
  type UpstreamSignOptions,
  type UpstreamVerifyOptions,
} from '../auth/upstream.js';

/**
 * Plain HTTP routes a subgraph serves beside `/graphql` (NDJSON ingestion, streamed exports…), for clients
 * that cannot speak GraphQL. The gateway proxies them (its `httpRoutes` per subgraph) and signs each request
 * with the same JWS as GraphQL operations (docs/adr/010-asymmetric-upstream-identity.md); the "operation" signed
 * is `{ query: "<METHOD> <path?query>" }`, so a signature is bound to one method, path and query string.
 * The compact JWS travels in this header because the body is the payload.
 */
export const UPSTREAM_IDENTITY_HEADER = 'x-vigil-identity';

export type HttpRouteMethod = 'GET' | 'POST';

/** What a route handler receives besides the request: the verified caller, as for GraphQL resolvers. */
export interface SubgraphHttpContext {
  readonly identity: Identity;
  /** The gateway's `x-request-id` when valid, else a fresh UUID; on every log line. */
  readonly requestId: string;
  /** Child logger bound to this request (request id, subject, route). */
  readonly logger: Logger;
}

export interface SubgraphHttpRoute {
  readonly method: HttpRouteMethod;
  /** Exact path, e.g. `/activity/export`: no prefixes, no parameters; the query string is the handler's. */
  readonly path: string;
  /**
   * Answers the request. The body is not read beforehand: stream it (and bound what you read). A throw before
   * the response started becomes a 500 (logged, message not leaked); after, the connection is cut so the client
   * cannot take a truncated body for a complete one.
   */
  handle(request: IncomingMessage, response: ServerResponse, context: SubgraphHttpContext): Promise<void>;
}

/** Paths the factory serves itself; a route may not take them. */
const RESERVED_PATHS = ['/graphql', '/healthz', '/metrics'];
const PATH = /^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;
const MAX_HEADER_LENGTH = 16_384;

/** The signed operation for a route request: method and the path with its query string, exactly as sent. */
export function httpRouteOperation(method: string, pathWithQuery: string): UpstreamOperation {
  return { query: `${method.toUpperCase()} ${pathWithQuery}` };
}

/** Gateway side: the `x-vigil-identity` header value for `method pathWithQuery` sent on behalf of `identity`. */
export function signHttpRouteRequest(
  identity: Identity,
  method: string,
  pathWithQuery: string,
  options: UpstreamSignOptions,
): string {
  return signUpstreamIdentity(identity, httpRouteOperation(method, pathWithQuery), options);
}

/** Subgraph side: the caller's identity from a route request the gateway signed, or UpstreamIdentityError. */
export async function verifyHttpRouteRequest(
  request: Pick<IncomingMessage, 'method' | 'url' | 'headers'>,
  options: UpstreamVerifyOptions,
): Promise<Identity> {
  const header = request.headers[UPSTREAM_IDENTITY_HEADER];
  if (typeof header !== 'string' || header.length === 0) {
    throw new UpstreamIdentityError('Missing upstream identity: call this endpoint through the Vigil gateway.');
  }
  if (header.length > MAX_HEADER_LENGTH) throw new UpstreamIdentityError('Malformed upstream identity.');
  // The same verifier as GraphQL: signature, kid, audience, validity window, and the operation digest.
  return verifyUpstreamJws(header, httpRouteOperation(request.method ?? '', request.url ?? ''), options);
}

/** Checks the routes given to the factory (exact, unreserved, unique paths); throws a message naming the bad one. */
export function checkHttpRoutes(routes: readonly SubgraphHttpRoute[]): void {
  const seen = new Set<string>();
  for (const route of routes) {
    if (route.method !== 'GET' && route.method !== 'POST')
      throw new Error(`HTTP route ${route.path}: method must be GET or POST.`);
    if (!PATH.test(route.path) || RESERVED_PATHS.includes(route.path)) {
      throw new Error(
        `HTTP route "${route.path}": use an absolute path of letters, digits, ".", "_", "~", "-" segments, not /graphql or /healthz (nor /metrics).`,
      );
    }
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`HTTP route ${key} is declared twice.`);
    seen.add(key);
  }
}
