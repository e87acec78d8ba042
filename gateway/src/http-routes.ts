import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream';
import {
  closeAfterAnswer,
  declaresBodyOver,
  limitBodyBytes,
  sendHttpError,
  sendJson,
  signHttpRouteRequest,
  UPSTREAM_IDENTITY_HEADER,
  type GatewaySigningKey,
  type Identity,
} from '@vigil/core';
import { GraphQLError } from 'graphql';
import type { TokenVerifier } from './jwt.js';
import type { UpstreamAgents } from './upstream-agents.js';
import { ClientAddresses } from './client-address.js';
import { rateLimitError, type RateBudgets, type RateLimitRefusal } from './rate-limit/rate-budgets.js';
import type { GatewayLogger, SubgraphEndpoint } from './options.js';

/**
 * Default cap on a proxied request body (an NDJSON upload); larger → 413, before the body is read when
 * Content-Length declares it, else at the chunk that crosses it. 16 MiB ≈ 50,000 typical events, the most the
 * ingestion route takes in one request.
 */
export const DEFAULT_HTTP_ROUTE_MAX_BODY_BYTES = 16 * 1024 * 1024;

const RESERVED_PATHS = ['/graphql', '/healthz', '/readyz'];
const ROUTE_PATH = /^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** The only upstream response headers passed back: what a download needs. Nothing else leaks from a subgraph. */
const RESPONSE_HEADERS = ['content-type', 'content-disposition', 'allow'];

/** Why `path` cannot be an HTTP route, or undefined when it can. */
export function httpRoutePathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string' || !ROUTE_PATH.test(path))
    return 'must be an absolute path of letters, digits, ".", "_", "~", "-" segments';
  if (RESERVED_PATHS.includes(path)) return 'is served by the gateway itself';
  return undefined;
}

interface RouteTarget {
  readonly subgraph: string;
  readonly origin: URL;
}

/** path → the subgraph serving it; throws on a bad or twice-claimed path. */
function routeTable(subgraphs: readonly SubgraphEndpoint[]): Map<string, RouteTarget> {
  const table = new Map<string, RouteTarget>();
  for (const subgraph of subgraphs) {
    for (const path of subgraph.httpRoutes ?? []) {
      const problem = httpRoutePathProblem(path);
      if (problem) throw new Error(`HTTP route "${path}" of subgraph "${subgraph.name}" ${problem}.`);
      const owner = table.get(path);
      if (owner) throw new Error(`HTTP route "${path}" is claimed by subgraphs "${owner.subgraph}" and "${subgraph.name}".`);
      table.set(path, { subgraph: subgraph.name, origin: new URL(new URL(subgraph.url).origin) });
    }
  }
  return table;
}

export interface HttpRouteProxyOptions {
  readonly subgraphs: readonly SubgraphEndpoint[];
  readonly verify: TokenVerifier;
  readonly signingKey: GatewaySigningKey;
  readonly logger: GatewayLogger;
  readonly maxBodyBytes: number;
  /** The gateway's upstream keep-alive pool (closed by the gateway on stop). */
  readonly agents: UpstreamAgents;
  /** The gateway's rate budgets and who the client is: the same limits as GraphQL. Unset → no rate limits. */
  readonly budgets?: RateBudgets;
  readonly addresses?: ClientAddresses;
}

export interface HttpRouteProxy {
  /** Whether `pathname` is one of the subgraphs' HTTP routes (then `handle` answers it). */
  serves(pathname: string): boolean;
  /** Authenticates, signs and streams the request to its subgraph and the answer back; settles when the exchange ends. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

/**
 * Plain HTTP routes of the subgraphs (NDJSON ingestion, streamed exports) behind the gateway. The client's JWT is
 * verified as for GraphQL, the request is signed for the subgraph (`x-vigil-identity`, bound to method, path and
 * query; see @vigil/core http-routes.ts), and bodies stream both ways with backpressure: nothing is buffered,
 * so a 100 MB export costs the gateway no memory. Only the body's content type, the signature and a request id
 * go upstream: never the client's Authorization, cookies or other headers.
 */
export function createHttpRouteProxy(options: HttpRouteProxyOptions): HttpRouteProxy {
  const routes = routeTable(options.subgraphs);
  const agents = options.agents;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = new URL(request.url ?? '/', 'http://gateway');
    const route = routes.get(target.pathname);
    if (!route) throw new Error(`No HTTP route for ${target.pathname}`);
    if (request.method !== 'GET' && request.method !== 'POST') {
      response.setHeader('allow', 'GET, POST');
      return sendHttpError(response, 405, 'BAD_REQUEST', `Use GET or POST for ${target.pathname}.`);
    }
    // The client address's budget before the token is read: a flood of garbage tokens costs a counter each.
    const byAddress = await options.budgets?.address((options.addresses ?? ClientAddresses.direct()).of(request));
    if (byAddress) return sendRateLimited(response, byAddress);
    if (declaresBodyOver(request, options.maxBodyBytes)) {
      return sendTooLarge(response, options.maxBodyBytes);
    }
    let identity: Identity;
    try {
      identity = await options.verify(request.headers.authorization);
    } catch (error) {
      response.setHeader('www-authenticate', 'Bearer');
      return sendHttpError(
        response,
        401,
        'UNAUTHENTICATED',
        error instanceof GraphQLError ? error.message : 'Authentication failed.',
      );
    }
    const byCaller = await options.budgets?.caller(identity);
    if (byCaller) return sendRateLimited(response, byCaller);

    const given = request.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    const pathWithQuery = `${target.pathname}${target.search}`;
    const headers: OutgoingHttpHeaders = {
      [UPSTREAM_IDENTITY_HEADER]: signHttpRouteRequest(identity, request.method, pathWithQuery, {
        key: options.signingKey,
        audience: route.subgraph,
      }),
      'x-request-id': requestId,
    };
    if (request.method === 'POST') {
      if (request.headers['content-type']) headers['content-type'] = request.headers['content-type'];
      if (request.headers['content-length']) headers['content-length'] = request.headers['content-length'];
    }
    const log = { requestId, subgraph: route.subgraph, route: `${request.method} ${target.pathname}`, subject: identity.subject };
    response.setHeader('x-request-id', requestId);

    const https = route.origin.protocol === 'https:';
    const upstream = (https ? httpsRequest : httpRequest)({
      protocol: route.origin.protocol,
      hostname: route.origin.hostname,
      port: route.origin.port,
      method: request.method,
      // Sent exactly as signed: the subgraph verifies the signature against the request target it receives.
      path: pathWithQuery,
      headers,
      agent: https ? agents.https : agents.http,
    });

    return new Promise<void>((resolve) => {
      response.once('close', () => {
        // The client went away before the answer was complete: stop the upstream exchange with it.
        if (!response.writableFinished) upstream.destroy();
        resolve();
      });
      upstream.once('response', (answer) => {
        response.statusCode = answer.statusCode ?? 502;
        for (const name of RESPONSE_HEADERS) {
          const value = answer.headers[name];
          if (value !== undefined) response.setHeader(name, value);
        }
        pipeline(answer, response, (error) => {
          if (error) options.logger.info({ ...log, reason: error.message }, 'HTTP route answer ended early');
          else options.logger.debug({ ...log, status: response.statusCode }, 'HTTP route proxied');
        });
      });
      // `on`, not `once`: an aborted ClientRequest may emit more than one error, and an unheard one would crash.
      upstream.on('error', (error) => {
        // Answered already (413 below), or mid-answer: the pipeline above cuts the client's connection.
        if (response.headersSent || response.destroyed) return;
        options.logger.warn({ ...log, reason: error.message }, 'HTTP route upstream failed');
        sendHttpError(response, 502, 'BAD_GATEWAY', `The ${route.subgraph} service did not answer; try again shortly.`);
      });
      if (request.method === 'GET') {
        upstream.end();
        return;
      }
      // The cap is counted as the body streams (chunked uploads declare no length). Past it the upstream request
      // is aborted (lines the subgraph already took stay recorded: each NDJSON line is accepted on its own) and the
      // rest of the body is read and dropped (bounded: `closeAfterAnswer`), so that the client gets to read the
      // 413. `pipe`, not `pipeline`: pipeline would destroy the client's request, and with it the socket the 413
      // must go out on. A client that goes away closes `response`, which destroys the upstream request (above).
      const limiter = limitBodyBytes(options.maxBodyBytes);
      limiter.once('error', () => {
        request.unpipe(limiter);
        request.resume();
        upstream.destroy();
        if (!response.headersSent) sendTooLarge(response, options.maxBodyBytes);
      });
      request.pipe(limiter).pipe(upstream);
    });
  }

  return {
    serves: (pathname) => routes.has(pathname),
    handle,
  };
}

function sendTooLarge(response: ServerResponse, maxBytes: number): void {
  // The rest of the body is not parsed: close the connection (lingering, so a client still sending reads the 413).
  closeAfterAnswer(response);
  sendHttpError(response, 413, 'BAD_REQUEST', `Request body is larger than ${maxBytes} bytes; split it into smaller requests.`);
}

/** 429 as GraphQL answers it: `Retry-After` and the RATE_LIMITED error. */
function sendRateLimited(response: ServerResponse, refusal: RateLimitRefusal): void {
  response.setHeader('retry-after', String(refusal.retryAfterSeconds));
  sendJson(response, 429, { errors: [rateLimitError(refusal)] });
}
