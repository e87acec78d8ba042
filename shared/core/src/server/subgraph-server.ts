import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from 'pino';
import type { GatewayKeys } from '../auth/gateway-keys.js';
import type { Identity } from '../auth/identity.js';
import { verifyUpstreamIdentity } from '../auth/upstream.js';
import { unauthenticated } from '../errors/errors.js';
import { collapseRepeatedForbidden } from '../errors/collapse-errors.js';
import { createFormatError } from '../errors/format-error.js';
import type { SubgraphContext } from './context.js';
import { buildFederatedSchema, type FederatedSchemaOptions } from './federated-schema.js';
import { flattenHeaders } from './http-body.js';
import { keepConnectionsAlive } from './keep-alive.js';
import { graphqlErrorBody as graphqlError, sendJson } from './http-response.js';
import { lowercaseParams, readJsonBody, requestIdFrom } from './request-parts.js';
import { checkHttpRoutes, verifyHttpRouteRequest, type SubgraphHttpRoute } from './http-routes.js';
import { serveMetrics, type SubgraphMetricsOptions } from './metrics/metrics-endpoint.js';
import { SubgraphMetrics } from './metrics/subgraph-metrics.js';
import { inServerSpan, tracingFor } from '../tracing/tracing.js';

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface SubgraphServerOptions<TLoaders> extends FederatedSchemaOptions {
  /** Subgraph name, e.g. `accounts`: in logs, and the audience every gateway signature must name. */
  readonly name: string;
  readonly logger: Logger;
  /** The gateway's public keys (`gatewayKeysFromConfig(config)`): every request must carry an identity signed by it. */
  readonly gatewayKeys: GatewayKeys;
  /** Fresh DataLoaders for one request (or one subscription), scoped to the caller. */
  readonly createLoaders: (identity: Identity) => TLoaders;
  /** Larger bodies get 413 before they are parsed. Default 1 MiB. Not applied to `httpRoutes` (they stream). */
  readonly maxBodyBytes?: number;
  /**
   * Plain HTTP routes beside `/graphql` (see http-routes.ts). Each request is authenticated by the factory from
   * the gateway-signed `x-vigil-identity` header (bound to method, path and query string) before the handler
   * runs; unsigned → 401. Authorization (roles, tenant) stays the handler's job. Default none.
   */
  readonly httpRoutes?: readonly SubgraphHttpRoute[];
  /**
   * `GET /metrics` (Prometheus): who may scrape it (`metricsAccessFromConfig(config)`) and the subgraph's own
   * collectors. Without this option the endpoint answers 404 (docs/operations.md).
   */
  readonly metrics?: SubgraphMetricsOptions;
}

export interface SubgraphServer {
  /** The executable schema (federated, shielded): tests and the stack may execute against it directly. */
  readonly schema: GraphQLSchema;
  /** Listens on `port` (0 → a free port) for HTTP and graphql-ws at `/graphql`, `/healthz` without auth. */
  start(port: number, host?: string): Promise<{ readonly url: string }>;
  /** Closes sockets and drains in-flight requests. Calling it again returns the same promise. */
  stop(): Promise<void>;
  /** Paths of the extra HTTP routes served beside `/graphql`: what the gateway must proxy here (its `httpRoutes`). */
  readonly httpPaths?: readonly string[];
}

/**
 * The one way a Vigil subgraph is served: Apollo Server 5 over node http + graphql-ws on the same port,
 * every request and subscription authenticated by the gateway's signature, authorization by the
 * subgraph's shield map (deny by default), per-request context with DataLoaders.
 */
export async function createSubgraphServer<TLoaders>(options: SubgraphServerOptions<TLoaders>): Promise<SubgraphServer> {
  const logger = options.logger.child({ subgraph: options.name });
  const schema = await buildFederatedSchema(options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const httpRoutes = options.httpRoutes ?? [];
  checkHttpRoutes(httpRoutes);
  const verifyOptions = { keys: options.gatewayKeys, audience: options.name };
  const metrics = new SubgraphMetrics(options.name);
  options.metrics?.register?.(metrics.registry);
  // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md); each request continues the gateway's trace.
  const tracing = tracingFor(`vigil-${options.name}`);

  const contextFor = (identity: Identity, requestId: string): SubgraphContext<TLoaders> => ({
    identity,
    requestId,
    logger: logger.child({ requestId, subject: identity.subject }),
    loaders: options.createLoaders(identity),
  });

  const formatError = createFormatError(logger);
  const httpServer: Server = keepConnectionsAlive(createServer());
  const apollo = new ApolloServer<SubgraphContext<TLoaders>>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No Apollo Studio: traces would only add bytes to every response to the gateway.
      ApolloServerPluginInlineTraceDisabled(),
      metrics.apolloPlugin<SubgraphContext<TLoaders>>(),
      {
        // One FORBIDDEN per denied field of a list, not one per row (ADR 013). Errors are formatted by now; the
        // metrics plugin above has counted them one per row (denials are what it measures).
        async requestDidStart() {
          return {
            async willSendResponse({ response }) {
              if (response.body.kind === 'single' && response.body.singleResult.errors) {
                response.body.singleResult.errors = collapseRepeatedForbidden(response.body.singleResult.errors);
              }
            },
          };
        },
      },
    ],
  });

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: maxBodyBytes });
  const wsHandle = useServer<Record<string, unknown>>(
    {
      schema,
      subscribe: metrics.subscribe,
      onSubscribe: async (ctx, _id, payload) => {
        try {
          await verifyUpstreamIdentity({ headers: lowercaseParams(ctx.connectionParams), body: payload }, verifyOptions);
        } catch (err) {
          logger.info({ reason: err instanceof Error ? err.message : String(err) }, 'rejected unsigned subscription');
          // Only this operation fails: the gateway multiplexes many callers over one upstream socket, so closing
          // it would cut every other caller's subscriptions. Returning errors stops graphql-ws from executing.
          return [unauthenticated('A gateway-signed identity is required: subscribe through the gateway.')];
        }
        return undefined;
      },
      // Subscription results get the same error policy as HTTP: no internal messages, no stack traces.
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors) return undefined;
        const errors = result.errors.map((error) => formatError(error.toJSON(), error));
        metrics.countErrors(errors);
        return { ...result, errors: collapseRepeatedForbidden(errors) };
      },
      onError: (_ctx, _id, _payload, errors) => {
        const formatted = errors.map((error) => formatError(error.toJSON(), error));
        metrics.countErrors(formatted);
        return formatted;
      },
      // Verified again here because graphql-ws gives context no access to what onSubscribe computed.
      context: async (ctx, _id, payload) => {
        const headers = lowercaseParams(ctx.connectionParams);
        const identity = await verifyUpstreamIdentity({ headers, body: payload }, verifyOptions);
        return contextFor(identity, requestIdFrom(headers));
      },
    },
    wsServer,
  );

  await apollo.start();

  httpServer.on('request', (request, response) => {
    handleHttp(request, response).catch((err: unknown) => {
      logger.error({ err }, 'unhandled error in the HTTP handler');
      if (!response.headersSent) sendJson(response, 500, graphqlError('Internal server error', 'INTERNAL_SERVER_ERROR'));
    });
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://subgraph');
    if (url.pathname === '/healthz') {
      sendJson(response, 200, { status: 'ok', subgraph: options.name });
      return;
    }
    if (url.pathname === '/metrics') {
      await serveMetrics(metrics.registry, options.metrics, request, response);
      return;
    }
    const routes = httpRoutes.filter((route) => route.path === url.pathname);
    if (routes.length > 0) {
      await serveHttpRoute(routes, request, response);
      return;
    }
    if (url.pathname !== '/graphql') {
      sendJson(response, 404, graphqlError('Not found: the GraphQL endpoint is /graphql', 'NOT_FOUND'));
      return;
    }
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      sendJson(response, 405, graphqlError('Use POST with a JSON body', 'BAD_REQUEST'));
      return;
    }

    const parsed = await readJsonBody(request, response, maxBodyBytes);
    if (!parsed) return;
    const { body } = parsed;

    const headers = flattenHeaders(request);
    let identity: Identity;
    try {
      identity = await verifyUpstreamIdentity({ headers, body }, verifyOptions);
    } catch (err) {
      logger.info({ reason: err instanceof Error ? err.message : String(err) }, 'rejected unsigned request');
      sendJson(
        response,
        401,
        graphqlError('A gateway-signed identity is required: call the graph through the gateway.', 'UNAUTHENTICATED'),
      );
      return;
    }

    const headerMap = new HeaderMap();
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) headerMap.set(name, value);
    const operationName = (body as { operationName?: unknown } | undefined)?.operationName;
    const attributes = {
      'vigil.subgraph': options.name,
      'graphql.operation.name': String(operationName ?? 'anonymous').slice(0, 128),
    };
    const result = await inServerSpan(tracing, `subgraph ${options.name}`, headers, attributes, () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers: headerMap, search: url.search, body },
        context: async () => contextFor(identity, requestIdFrom(headers)),
      }),
    );
    for (const [name, value] of result.headers) response.setHeader(name, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  }

  async function serveHttpRoute(
    routes: readonly SubgraphHttpRoute[],
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const route = routes.find((candidate) => candidate.method === request.method);
    if (!route) {
      const allowed = routes.map((candidate) => candidate.method).join(', ');
      response.setHeader('allow', allowed);
      sendJson(response, 405, graphqlError(`Use ${allowed} for ${routes[0]!.path}`, 'BAD_REQUEST'));
      return;
    }
    let identity: Identity;
    try {
      identity = await verifyHttpRouteRequest(request, verifyOptions);
    } catch (err) {
      logger.info({ reason: err instanceof Error ? err.message : String(err), route: route.path }, 'rejected unsigned request');
      sendJson(
        response,
        401,
        graphqlError('A gateway-signed identity is required: call this endpoint through the gateway.', 'UNAUTHENTICATED'),
      );
      return;
    }
    const requestId = requestIdFrom(flattenHeaders(request));
    const routeLogger = logger.child({ requestId, subject: identity.subject, route: `${route.method} ${route.path}` });
    try {
      await route.handle(request, response, { identity, requestId, logger: routeLogger });
    } catch (err) {
      routeLogger.error({ err }, 'HTTP route failed');
      // Mid-stream the status is gone: cut the connection so the client cannot take a truncated body as complete.
      if (response.headersSent) response.destroy();
      else sendJson(response, 500, graphqlError('Internal server error', 'INTERNAL_SERVER_ERROR'));
    }
  }

  let listening = false;
  let stopping: Promise<void> | undefined;
  return {
    schema,
    httpPaths: [...new Set(httpRoutes.map((route) => route.path))],
    async start(port: number, host = '127.0.0.1') {
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
      listening = true;
      const address = httpServer.address() as AddressInfo;
      const url = `http://${host}:${address.port}/graphql`;
      logger.info({ url }, 'subgraph listening');
      return { url };
    },
    stop() {
      stopping ??= (async () => {
        await wsHandle.dispose();
        await new Promise<void>((resolve) => wsServer.close(() => resolve()));
        // Apollo's drain plugin closes the http server (and its idle keep-alive sockets); it needs one listening.
        if (!listening) httpServer.listen(0, '127.0.0.1');
        await apollo.stop();
        await tracing?.flush();
      })();
      return stopping;
    },
  };
}
