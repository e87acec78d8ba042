import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, Logger, type GatewayRuntime, type LogLevel } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import wsTransport from '@graphql-mesh/transport-ws';
import { composeSupergraph } from './compose.js';
import { createHttpRouteProxy, DEFAULT_HTTP_ROUTE_MAX_BODY_BYTES, type HttpRouteProxy } from './http-routes.js';
import { createTokenVerifier } from './jwt.js';
import type { GatewayLogger, GatewayOptions } from './options.js';
import { useAuthentication } from './plugins/authenticate.js';
import { useOperationLimits } from './plugins/operation-limits.js';
import { useUpstreamIdentitySigning } from './plugins/sign-upstream.js';
import { attachGraphqlWs, type GatewayWebSocketServer } from './websocket.js';

/** Larger requests (HTTP bodies, WebSocket messages) are refused before they are parsed. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface Gateway {
  /** `http://host:port/graphql` once started (WebSocket clients use the same URL with ws://). */
  readonly url: string;
  /** Fetches and composes the subgraphs' SDL, then listens. Rejects with a message naming the subgraph. */
  start(): Promise<void>;
  /** Closes WebSockets (1001), stops listening and disposes the runtime (upstream sockets included). */
  stop(): Promise<void>;
}

/**
 * The public Vigil endpoint: Hive Gateway runtime over a supergraph composed at start-up, HTTP and
 * graphql-ws on `/graphql`, `/healthz` (process up) and `/readyz` (supergraph loaded), and the subgraphs'
 * plain HTTP routes (`httpRoutes`), proxied with the same authentication.
 */
export function createGateway(options: GatewayOptions): Gateway {
  if (!options.signingSecret) throw new Error('createGateway: signingSecret (GATEWAY_SIGNING_SECRET) is required.');
  const verify = createTokenVerifier(options.jwt);
  // Built now so that a bad or twice-claimed route path fails createGateway, not the first request.
  const httpRoutes: HttpRouteProxy = createHttpRouteProxy({
    subgraphs: options.subgraphs,
    verify,
    signingSecret: options.signingSecret,
    logger: options.logger,
    maxBodyBytes: options.maxHttpRouteBodyBytes ?? DEFAULT_HTTP_ROUTE_MAX_BODY_BYTES,
  });
  let runtime: GatewayRuntime | undefined;
  let server: Server | undefined;
  let webSockets: GatewayWebSocketServer | undefined;
  let url: string | undefined;

  return {
    get url() {
      if (!url) throw new Error('The gateway has not started yet.');
      return url;
    },

    async start() {
      const supergraph = await composeSupergraph(options.subgraphs, options.signingSecret, options.logger, options.sdlFetch);
      const started = createGatewayRuntime({
        supergraph,
        transports: { http: httpTransport, ws: wsTransport },
        // Subscriptions go to the owning subgraph over graphql-ws, on the same URL as its HTTP endpoint.
        transportEntries: { '*.http': { options: { subscriptions: { kind: 'ws' } } } },
        plugins: () => [
          useAuthentication(verify),
          useOperationLimits(options.limits),
          useUpstreamIdentitySigning(options.signingSecret),
        ],
        graphqlEndpoint: '/graphql',
        healthCheckEndpoint: '/healthz',
        readinessCheckEndpoint: '/readyz',
        landingPage: false,
        graphiql: false,
        logging: runtimeLogger(options.logger),
      });
      runtime = started;
      // Trap 1 (DESIGN.md): load the schema before listening, or the first WebSocket operation fails.
      await started.getSchema();

      const http = createServer((request, response) => {
        const pathname = new URL(request.url ?? '/', 'http://gateway').pathname;
        const site = options.sites?.find((s) => pathname === s.prefix || pathname.startsWith(`${s.prefix}/`));
        if (site) return site.handle(request, response);
        // Before the 1 MiB check: route bodies (NDJSON uploads) stream under their own cap.
        if (httpRoutes.serves(pathname)) {
          httpRoutes.handle(request, response).catch((error: unknown) => {
            options.logger.error({ err: error }, 'HTTP route proxy failed');
            if (!response.headersSent) response.writeHead(500).end();
            else response.destroy();
          });
          return;
        }
        if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
          response.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
          response.end(
            JSON.stringify({
              errors: [{ message: `Request body is larger than ${MAX_BODY_BYTES} bytes.`, extensions: { code: 'BAD_REQUEST' } }],
            }),
          );
          return;
        }
        void started(request, response);
      });
      server = http;
      webSockets = attachGraphqlWs(http, started, verify, options.logger, MAX_BODY_BYTES);
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
      });
      const { port } = http.address() as AddressInfo;
      url = `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}/graphql`;
      const routes = options.subgraphs.flatMap((s) => s.httpRoutes ?? []);
      options.logger.info({ url, subgraphs: options.subgraphs.map((s) => s.name), httpRoutes: routes }, 'gateway listening');
    },

    // Trap 4 (DESIGN.md): shut everything down explicitly; a signal alone did not end the process.
    async stop() {
      await webSockets?.close();
      if (server) {
        const closing = new Promise<void>((resolve) => server?.close(() => resolve()));
        server.closeAllConnections();
        await closing;
      }
      await runtime?.dispose();
      httpRoutes.close();
      runtime = undefined;
      server = undefined;
      webSockets = undefined;
    },
  };
}

/** Routes the runtime's own logs (composition, upstream failures) to the gateway logger. */
function runtimeLogger(logger: GatewayLogger): Logger {
  const write = (level: LogLevel, attrs: object | null | undefined, message: string | null | undefined) => {
    const target = level === 'trace' ? 'debug' : level;
    logger[target]({ component: 'hive-runtime', ...(attrs ?? {}) }, message ?? '');
  };
  return new Logger({ level: 'info', writers: [{ write }] });
}
