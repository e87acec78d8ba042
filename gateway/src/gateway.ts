import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { planExecutingGraphHandler } from './plan-executor/index.js';
import type { HandlerOptions, HandlerResult } from './plan-executor/types.js';
import httpTransport from '@graphql-mesh/transport-http';
import wsTransport from '@graphql-mesh/transport-ws';
import { composeSupergraph } from './compose.js';
import { makeLogLevelAcceptableToHive } from './hive-log-level.js';
import { createHttpRouteProxy, DEFAULT_HTTP_ROUTE_MAX_BODY_BYTES, type HttpRouteProxy } from './http-routes.js';
import { ideRuntimeOptions, useNoIde } from './ide.js';
import { gatewayJwks, GATEWAY_JWKS_PATH, sendJwks } from './jwks.js';
import { createTokenVerifier } from './jwt.js';
import type { GatewayOptions } from './options.js';
import { useAuthentication, VerifiedCallers } from './plugins/authenticate.js';
import { corsFromAllowlist } from './plugins/cors.js';
import { useCsrfPrevention } from './plugins/csrf.js';
import { useDocumentBounds } from './plugins/document-bounds.js';
import { useNoHttpStreaming } from './plugins/no-http-streaming.js';
import { useOperationLimits } from './plugins/operation-limits.js';
import { useSpecConformantResults } from './plugins/result-conformance.js';
import { useSubgraphOperationNames } from './plugins/subgraph-operation-names.js';
import { memoryRateLimiter, redisRateLimiter } from './rate-limit/limiter.js';
import { useRateLimits } from './rate-limit/plugin.js';
import { RateBudgets } from './rate-limit/rate-budgets.js';
import { ClientAddresses } from './client-address.js';
import { useMetrics } from './metrics/plugin.js';
import { GatewayMetrics } from './metrics/registry.js';
import { keepConnectionsAlive, tracingFor } from '@vigil/core';
import { useUpstreamIdentitySigning } from './plugins/sign-upstream.js';
import { useTrustedDocuments } from './trusted-documents/plugin.js';
import { useTracing } from './tracing/plugin.js';
import { Utf8BodyResponse } from './utf8-body-response.js';
import { createUpstreamAgents } from './upstream-agents.js';
import { fetchOverAgents } from './upstream-fetch.js';
import { runtimeLogger } from './runtime-logger.js';
import { MAX_BODY_BYTES, serveGraphql } from './graphql-http.js';
import { useSharedSubscriptions } from './subscriptions/plugin.js';
import { SharedSubscriptions } from './subscriptions/shared-subscriptions.js';
import { attachGraphqlWs, DEFAULT_MAX_SUBSCRIPTIONS_PER_SOCKET, type GatewayWebSocketServer } from './websocket.js';

/**
 * Pending connections the kernel queues before they are accepted (capped by `net.core.somaxconn`). Node's default,
 * 511, overflows when a floor of walls reconnects at once (a gateway restart): the overflow costs each wall a SYN
 * retry a second later or a reset and a client retry (issue 13, bench/walls).
 */
const LISTEN_BACKLOG = 4096;

export interface Gateway {
  /** `http://host:port/graphql` once started (WebSocket clients use the same URL with ws://). */
  readonly url: string;
  /**
   * Listens (the JWKS and /healthz answer at once, GraphQL 503 until ready), then fetches and composes the
   * subgraphs' SDL: subgraphs verify that signed fetch with the JWKS this gateway already serves. Rejects with a
   * message naming the subgraph (or the partner, field and rule), after closing the port again.
   */
  start(): Promise<void>;
  /** The composed supergraph SDL, once started (`npm run supergraph` prints it). */
  readonly supergraphSdl: string;
  /** Upstream executions shared by identical subscriptions, and their members (ADR 100). */
  readonly sharedSubscriptions: { readonly upstreams: number; readonly members: number };
  /** Closes WebSockets (1001), stops listening and disposes the runtime (upstream sockets included). */
  stop(): Promise<void>;
}

/**
 * Test-only wiring, kept out of `GatewayOptions` and the environment so that no deployment can choose it: the
 * end-to-end differential test (ADR 110) builds a reference gateway whose plans run on router-runtime's own
 * executor, to compare its answers with Vigil's executor on the same subgraphs. Production passes nothing.
 */
export interface GatewayTestWiring {
  /** Replaces Vigil's plan-executing handler (ADR 110), e.g. with router-runtime's `unifiedGraphHandler`. */
  readonly unifiedGraphHandler?: (options: HandlerOptions) => Promise<HandlerResult>;
}

/**
 * The public Vigil endpoint: Hive Gateway runtime over a supergraph composed at start-up, HTTP and
 * graphql-ws on `/graphql`, `/healthz` (process up) and `/readyz` (supergraph loaded), and the subgraphs'
 * plain HTTP routes (`httpRoutes`), proxied with the same authentication.
 */
export function createGateway(options: GatewayOptions, testWiring: GatewayTestWiring = {}): Gateway {
  if (!options.signingKey) throw new Error('createGateway: signingKey (GATEWAY_SIGNING_KEY) is required.');
  const jwks = gatewayJwks(options.signingKey, options.publishedKeys);
  const verify = createTokenVerifier(options.jwt);
  // Built now so that a bad or twice-claimed route path fails createGateway, not the first request.
  // One keep-alive pool for every upstream request; the gateway closes idle sockets before a subgraph does.
  const agents = createUpstreamAgents();
  const limits = options.rateLimits;
  const rateLimiter = limits?.redisUrl
    ? redisRateLimiter(limits.redisUrl, limits.redisKeyPrefix ?? 'vigil:')
    : limits
      ? memoryRateLimiter()
      : undefined;
  // One set of budgets for every way in: GraphQL (HTTP and graphql-ws) and the proxied HTTP routes (ADR 127).
  const budgets = limits && rateLimiter ? new RateBudgets(rateLimiter, limits, options.logger) : undefined;
  const addresses = options.clientAddresses ?? ClientAddresses.direct();
  const callers = new VerifiedCallers();
  const httpRoutes: HttpRouteProxy = createHttpRouteProxy({
    subgraphs: options.subgraphs,
    verify,
    signingKey: options.signingKey,
    logger: options.logger,
    maxBodyBytes: options.maxHttpRouteBodyBytes ?? DEFAULT_HTTP_ROUTE_MAX_BODY_BYTES,
    agents,
    ...(budgets ? { budgets, addresses } : {}),
  });
  const metrics = new GatewayMetrics();
  // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md).
  const tracing = tracingFor('vigil-gateway');
  const sharing = options.sharedSubscriptions ?? 'off';
  const shared = new SharedSubscriptions();
  const metricsAccess = { token: options.metrics?.token, open: options.metrics?.open ?? false };
  let runtime: GatewayRuntime | undefined;
  let server: Server | undefined;
  let webSockets: GatewayWebSocketServer | undefined;
  let url: string | undefined;
  let supergraphSdl: string | undefined;
  /** The runtime once created, even if it never became ready: stop() must dispose it either way. */
  let disposeOnStop: GatewayRuntime | undefined;

  const serveRequest = (started: GatewayRuntime, pathname: string, request: IncomingMessage, response: ServerResponse) => {
    // Before the 1 MiB check: route bodies (NDJSON uploads) stream under their own cap.
    if (httpRoutes.serves(pathname)) {
      httpRoutes.handle(request, response).catch((error: unknown) => {
        options.logger.error({ err: error }, 'HTTP route proxy failed');
        if (!response.headersSent) response.writeHead(500).end();
        else response.destroy();
      });
      return;
    }
    serveGraphql(started, request, response, options.logger);
  };

  const gateway: Gateway = {
    get url() {
      if (!url) throw new Error('The gateway has not started yet.');
      return url;
    },

    get sharedSubscriptions() {
      return { upstreams: shared.upstreams, members: shared.members };
    },

    get supergraphSdl() {
      if (!supergraphSdl) throw new Error('The gateway has not composed its supergraph yet.');
      return supergraphSdl;
    },

    async start() {
      makeLogLevelAcceptableToHive();
      const http = createServer((request, response) => {
        const pathname = new URL(request.url ?? '/', 'http://gateway').pathname;
        if (pathname === GATEWAY_JWKS_PATH) return sendJwks(response, jwks, request.method);
        if (pathname === '/metrics') return void metrics.serve(request, response, metricsAccess);
        const site = options.sites?.find((s) => pathname === s.prefix || pathname.startsWith(`${s.prefix}/`));
        if (site) return site.handle(request, response);
        if (!runtime) return answerNotReady(pathname, response);
        serveRequest(runtime, pathname, request, response);
      });
      // Clients close idle connections, not the gateway (@vigil/core keep-alive.ts).
      keepConnectionsAlive(http);
      server = http;
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen({ port: options.port, host: options.host ?? '0.0.0.0', backlog: LISTEN_BACKLOG }, () => resolve());
      });
      const { port } = http.address() as AddressInfo;
      url = `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}/graphql`;
      try {
        const supergraph = await composeSupergraph(options.subgraphs, options.signingKey, options.logger, options.sdlFetch);
        const started = createGatewayRuntime({
          supergraph,
          // Vigil's plan executor over router-runtime's handler and Rust planner (ADR 110).
          unifiedGraphHandler: (handlerOptions) => (testWiring.unifiedGraphHandler ?? planExecutingGraphHandler)(handlerOptions),
          transports: { http: httpTransport, ws: wsTransport },
          // Subscriptions go to the owning subgraph over graphql-ws, on the same URL as its HTTP endpoint.
          // Identical in-flight queries are shared by the gateway's own fetch (upstream-sharing.ts, ADR 133), not the
          // transport, which hands every sharing call a structuredClone of one parsed answer.
          transportEntries: { '*.http': { options: { subscriptions: { kind: 'ws' }, deduplicateInflightRequests: false } } },
          plugins: () => [
            useMetrics(metrics),
            useNoHttpStreaming(),
            ...(options.ide ? [] : [useNoIde()]),
            useCsrfPrevention(),
            // Before anything parses the document (onParams, in this order; the last refusal is the answer): its
            // bounds, the trusted documents check, the caller's token, then its budgets — so an anonymous caller
            // gets 401, and a caller past its budget 429, without a parse or validation of its text (ADR 128).
            useDocumentBounds(),
            ...(options.trustedDocuments ? [useTrustedDocuments(options.trustedDocuments)] : []),
            useAuthentication(verify, callers),
            ...(budgets ? [useRateLimits(budgets, addresses, callers)] : []),
            useOperationLimits(options.limits),
            useSubgraphOperationNames(),
            useUpstreamIdentitySigning(options.signingKey),
            ...(tracing ? [useTracing(tracing)] : []),
            useSpecConformantResults(),
            // Last: replaces only the subscribe call, after every per-caller check (ADR 100).
            ...(sharing === 'off' ? [] : [useSharedSubscriptions(shared, sharing)]),
          ],
          // Answers leave as UTF-8 bytes encoded once (utf8-body-response.ts, ADR 101); subgraph requests go
          // over the gateway's own keep-alive pool (upstream-fetch.ts, ADR 112), which also ends them
          // when their client leaves (the runtime's `upstreamCancellation` does that at a higher cost).
          fetchAPI: { Response: Utf8BodyResponse, fetch: fetchOverAgents(agents) },
          cors: corsFromAllowlist(options.corsOrigins ?? []),
          graphqlEndpoint: '/graphql',
          healthCheckEndpoint: '/healthz',
          readinessCheckEndpoint: '/readyz',
          landingPage: false,
          ...ideRuntimeOptions(options.ide),
          logging: runtimeLogger(options.logger),
        });
        disposeOnStop = started;
        // Trap 1 (ADR 003): load the schema before serving, or the first WebSocket operation fails.
        await started.getSchema();
        webSockets = attachGraphqlWs(http, started, verify, options.logger, {
          maxPayloadBytes: MAX_BODY_BYTES,
          maxSubscriptionsPerSocket: options.maxSubscriptionsPerSocket ?? DEFAULT_MAX_SUBSCRIPTIONS_PER_SOCKET,
        });
        runtime = started;
        supergraphSdl = supergraph;
      } catch (error) {
        await gateway.stop();
        throw error;
      }
      const routes = options.subgraphs.flatMap((s) => s.httpRoutes ?? []);
      options.logger.info({ url, subgraphs: options.subgraphs.map((s) => s.name), httpRoutes: routes }, 'gateway listening');
    },

    // Trap 4 (ADR 003): shut everything down explicitly; a signal alone did not end the process.
    async stop() {
      await webSockets?.close();
      await shared.closeAll();
      if (server) {
        const closing = new Promise<void>((resolve) => server?.close(() => resolve()));
        server.closeAllConnections();
        await closing;
      }
      await disposeOnStop?.dispose();
      disposeOnStop = undefined;
      agents.destroy();
      await rateLimiter?.close();
      await tracing?.flush();
      runtime = undefined;
      server = undefined;
      webSockets = undefined;
    },
  };
  return gateway;
}

/** Before the supergraph is composed: alive, not ready, and GraphQL asks the client to come back shortly. */
function answerNotReady(pathname: string, response: ServerResponse): void {
  if (pathname === '/healthz') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', ready: false }));
    return;
  }
  response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
  response.end(
    JSON.stringify({
      errors: [
        {
          message: 'The gateway is starting: the supergraph is not composed yet. Retry shortly.',
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        },
      ],
    }),
  );
}
