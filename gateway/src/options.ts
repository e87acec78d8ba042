import type { GatewayPublicJwk, GatewaySigningKey } from '@vigil/core';
import type { IdeOptions } from './ide.js';
import type { RateLimits } from './rate-limit/limits.js';
import type { ClientAddresses } from './client-address.js';
import type { PartnerContract } from './partner-contract.js';
import type { TrustedDocumentsOptions } from './trusted-documents/plugin.js';
import type { SharingScope } from './subscriptions/subscription-key.js';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** One subgraph of the supergraph: ours or a partner CRM's. */
export interface SubgraphEndpoint {
  /** Unique name; appears in composition errors, logs and the supergraph's join__Graph enum. */
  readonly name: string;
  /** The subgraph's GraphQL HTTP endpoint; subscriptions use the same path over WebSocket (ws/wss). */
  readonly url: string;
  /**
   * Plain HTTP paths this subgraph serves beside GraphQL (e.g. `/activity/events`), proxied by the gateway at the
   * same path on its own port to the origin of `url`, authenticated and signed (see http-routes.ts). Exact paths;
   * a path belongs to one subgraph. A subgraph built with @vigil/core lists them as `server.httpPaths`.
   */
  readonly httpRoutes?: readonly string[];
  /**
   * Set for a partner's subgraph: what it may contribute to the supergraph, checked at composition
   * (see partner-contract.ts). Unset: one of Vigil's own subgraphs.
   */
  readonly partner?: PartnerContract;
}

/** How client JWTs are verified. Set `jwksUrl` (production) or `secret` (HS256, dev); JWKS wins if both. */
export interface JwtOptions {
  /** HS256 shared secret (JWT_SECRET). */
  readonly secret?: string;
  /** JWKS endpoint of the identity provider (JWT_JWKS_URL); keys are fetched and cached by jose. */
  readonly jwksUrl?: string;
  /** Required `iss` claim when set (JWT_ISSUER). */
  readonly issuer?: string;
  /** Required `aud` claim when set (JWT_AUDIENCE). */
  readonly audience?: string;
}

export interface OperationLimits {
  /** Deepest field nesting an operation may have (MAX_QUERY_DEPTH). */
  readonly maxDepth: number;
  /** Highest estimated cost an operation may have (MAX_QUERY_COST); see operation-limits.ts for the model. */
  readonly maxCost: number;
  /** List size assumed for list fields without a `first`/`last`/`limit` argument. Default 10. */
  readonly defaultListSize?: number;
}

/** Structural logger: a pino Logger fits. Only the levels the gateway uses. */
export interface GatewayLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface SdlFetchOptions {
  /** How long to keep retrying a subgraph that does not answer yet at start-up. Default 30 s. */
  readonly timeoutMs?: number;
  /** Pause between attempts. Default 500 ms. */
  readonly intervalMs?: number;
}

export interface GatewayOptions {
  /** The subgraphs composed into the supergraph (see supergraph-config.ts to load them from a file). */
  readonly subgraphs: readonly SubgraphEndpoint[];
  /** TCP port for HTTP and graphql-ws, both on `/graphql`. 0 picks a free port (tests). */
  readonly port: number;
  /** Interface to bind. Default `0.0.0.0`. */
  readonly host?: string;
  readonly jwt: JwtOptions;
  /** The private key upstream identities are signed with (GATEWAY_SIGNING_KEY); its public half is published. */
  readonly signingKey: GatewaySigningKey;
  /** More public keys to publish in the JWKS (GATEWAY_PUBLIC_KEYS): the previous or next key during a rotation. */
  readonly publishedKeys?: readonly GatewayPublicJwk[];
  readonly limits: OperationLimits;
  readonly logger: GatewayLogger;
  readonly sdlFetch?: SdlFetchOptions;
  /** Largest body accepted on the subgraphs' HTTP routes (NDJSON uploads); larger → 413. Default 16 MiB. */
  readonly maxHttpRouteBodyBytes?: number;
  /**
   * Operations one graphql-ws socket may have running at once (GATEWAY_MAX_SUBSCRIPTIONS_PER_SOCKET); one more is
   * answered with an error message for that operation, the socket and its other subscriptions stay. Default 100.
   */
  readonly maxSubscriptionsPerSocket?: number;
  /**
   * Who shares one upstream execution among identical subscriptions (GATEWAY_SHARED_SUBSCRIPTIONS, ADR 100):
   * `off` (default here), `caller`, or `roles-and-tenants` (only for subgraphs whose subscription results do not
   * depend on the subject). Per-caller checks and limits apply to every caller either way.
   */
  readonly sharedSubscriptions?: SharingScope;
  /**
   * Browser origins allowed to call the gateway cross-origin (GATEWAY_CORS_ORIGINS), exact `scheme://host[:port]`.
   * Default none: other origins get no CORS headers. Credentials are never allowed (bearer tokens, no cookies).
   */
  readonly corsOrigins?: readonly string[];
  /**
   * Requests per minute per IP, subject and tenant (GATEWAY_RATE_LIMIT_PER_*); counted in Redis under
   * `<redisKeyPrefix>ratelimit:` when `redisUrl` is set (several gateways share budgets), else in memory.
   * Unset → no rate limits (tests that do not exercise them).
   */
  readonly rateLimits?: RateLimits & { readonly redisUrl?: string; readonly redisKeyPrefix?: string };
  /**
   * Who the client is for the per-IP budget (GATEWAY_TRUSTED_PROXIES): the TCP peer, or behind trusted proxies the
   * right-most untrusted `X-Forwarded-For` entry. Default: the TCP peer, no header believed.
   */
  readonly clientAddresses?: ClientAddresses;
  /**
   * GET /metrics (Prometheus): with `token` (METRICS_TOKEN) the scraper sends it as a bearer token; without one it is
   * answered only when `open` (outside production), else 404. Default: closed.
   */
  readonly metrics?: { readonly token?: string; readonly open?: boolean };
  /**
   * Trusted documents (GATEWAY_TRUSTED_DOCUMENTS, …_MODE): registered operations by id, and in `enforce` mode
   * nothing else, over HTTP and graphql-ws (docs/trusted-documents.md). Unset: every valid operation runs.
   */
  readonly trustedDocuments?: TrustedDocumentsOptions;
  /** Serve GraphiQL (offline) on GET `/graphql` to browsers (GATEWAY_IDE); unset → no IDE. */
  readonly ide?: IdeOptions;
  /** Plain HTTP sites answered beside GraphQL, by path prefix (the stack mounts the web app at `/wall`). */
  readonly sites?: readonly GatewaySite[];
}

/** A static site (or any plain handler) the gateway answers for `prefix` and everything under `prefix/`. */
export interface GatewaySite {
  readonly prefix: string;
  handle(request: IncomingMessage, response: ServerResponse): void;
}
