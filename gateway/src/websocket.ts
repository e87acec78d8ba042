import type { Server } from 'node:http';
import { getGraphQLWSOptions, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import type { Identity } from '@vigil/core';
import { GraphQLError } from 'graphql';
import type { Context } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TokenVerifier } from './jwt.js';
import type { GatewayLogger } from './options.js';
import { WALL_OPERATION, WallOperation, writeFramesDirectly } from './subscriptions/frames.js';

/**
 * Close code for a graphql-ws socket whose token is missing, invalid or has expired. 4401 is graphql-ws's
 * own "Unauthorized" code, which its client treats as fatal (no automatic retry with the same token).
 */
export const CLOSE_UNAUTHENTICATED = 4401;

/** Operations one socket may have running at once unless configured (GATEWAY_MAX_SUBSCRIPTIONS_PER_SOCKET). */
export const DEFAULT_MAX_SUBSCRIPTIONS_PER_SOCKET = 100;

/**
 * How long a socket may stay open without `connection_init` (graphql-ws's default is 3 s). When a floor of walls
 * reconnects at once (a gateway restart), the event loop may reach a socket's queued init after 3 s; closing it
 * (4408) only makes it retry into the same burst. Still bounded: an idle unauthenticated socket lives 10 s.
 */
export const CONNECTION_INIT_TIMEOUT_MS = 10_000;

/** setTimeout cannot wait longer than this (about 24.8 days); longer waits are done in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** WebSocket close reasons are limited to 123 bytes. */
const MAX_CLOSE_REASON = 120;

interface ConnectionState {
  identity?: Identity;
  expiryTimer?: NodeJS.Timeout;
}

export interface GatewayWebSocketLimits {
  /** Largest message accepted; larger closes the socket (1009). */
  readonly maxPayloadBytes: number;
  /** Operations running at once on one socket; one more is answered with an error for that operation only. */
  readonly maxSubscriptionsPerSocket: number;
}

export interface GatewayWebSocketServer {
  close(): Promise<void>;
}

/**
 * graphql-ws on the HTTP server's `/graphql`. The token comes from `connection_init`'s payload
 * (`{ "authorization": "Bearer <JWT>" }`): it is verified before the connection is acknowledged, the socket
 * is closed with 4401 when it expires, and each operation gets a Request carrying it, so the runtime's
 * context (and the upstream signer) sees the same identity as for HTTP.
 */
export function attachGraphqlWs(
  server: Server,
  runtime: GatewayRuntime,
  verify: TokenVerifier,
  logger: GatewayLogger,
  limits: GatewayWebSocketLimits,
): GatewayWebSocketServer {
  // perMessageDeflate off (ws's default, stated because frames.ts writes pre-built uncompressed frames itself).
  const wss = new WebSocketServer({
    server,
    path: '/graphql',
    maxPayload: limits.maxPayloadBytes,
    perMessageDeflate: false,
  });
  const states = new WeakMap<WebSocket, ConnectionState>();
  const stateOf = (socket: WebSocket) => {
    let state = states.get(socket);
    if (!state) {
      state = {};
      states.set(socket, state);
      socket.once('close', () => clearTimeout(state?.expiryTimer));
    }
    return state;
  };

  const closeUnauthenticated = (socket: WebSocket, message: string) => {
    socket.close(CLOSE_UNAUTHENTICATED, `UNAUTHENTICATED: ${message}`.slice(0, MAX_CLOSE_REASON));
  };

  const scheduleExpiry = (socket: WebSocket, state: ConnectionState, expiresAt: number) => {
    const wait = expiresAt * 1000 - Date.now();
    if (wait <= 0) {
      logger.info({ subject: state.identity?.subject }, 'closing graphql-ws connection: token expired');
      closeUnauthenticated(socket, 'Token expired: reconnect with a new token.');
      return;
    }
    state.expiryTimer = setTimeout(() => scheduleExpiry(socket, state, expiresAt), Math.min(wait, MAX_TIMER_MS));
  };

  const authorizationOf = (ctx: Context<Record<string, unknown> | undefined, Extra>): string | undefined => {
    const params = ctx.connectionParams ?? {};
    const value = params.authorization ?? params.Authorization;
    return typeof value === 'string' ? value : undefined;
  };

  const wsOptions = getGraphQLWSOptions<Record<string, unknown>, Extra>(runtime, (ctx) => ({
    request: operationRequest(authorizationOf(ctx)),
  }));
  const runtimeSubscribe = wsOptions.subscribe;
  if (!runtimeSubscribe) throw new Error('The gateway runtime gave graphql-ws no subscribe function.');
  /** Where each operation's results go, by its execution arguments (frames.ts). */
  const operations = new WeakMap<object, WallOperation>();

  useServer(
    {
      ...wsOptions,
      connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,
      onSubscribe: async (ctx, id, payload) => {
        // graphql-ws has already registered this operation in ctx.subscriptions (and removes it when it ends).
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptionsPerSocket) {
          logger.info(
            { subject: stateOf(ctx.extra.socket).identity?.subject },
            'graphql-ws operation refused: socket at its cap',
          );
          return [
            new GraphQLError(
              `At most ${limits.maxSubscriptionsPerSocket} operations may run at once on one connection; complete some first.`,
              { extensions: { code: 'BAD_REQUEST' } },
            ),
          ];
        }
        const args = await wsOptions.onSubscribe?.(ctx, id, payload);
        if (args && 'document' in args) {
          const operation = new WallOperation(ctx.extra.socket, ctx.extra.request.socket, id);
          operations.set(args, operation);
          // Seen by the shared-subscriptions plugin (its members' direct writes); a symbol, never client input.
          (args.contextValue as Record<symbol, unknown>)[WALL_OPERATION] = operation;
        }
        return args;
      },
      // Results are serialised once per result, not once per socket, and written by frames.ts (ADR 100).
      subscribe: async (args) => {
        const result = await runtimeSubscribe(args);
        const operation = operations.get(args);
        return operation && isAsyncIterable(result) ? writeFramesDirectly(result, operation) : result;
      },
      onConnect: async (ctx) => {
        const { socket } = ctx.extra;
        try {
          const identity = await verify(authorizationOf(ctx));
          const state = stateOf(socket);
          state.identity = identity;
          scheduleExpiry(socket, state, identity.expiresAt);
          return true;
        } catch (error) {
          const message = error instanceof GraphQLError ? error.message : 'Authentication failed.';
          closeUnauthenticated(socket, message);
          // graphql-ws would close with 4403 on `false`; the 4401 close above already went out first.
          return false;
        }
      },
    },
    wss,
  );

  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.close(1001, 'Gateway shutting down');
        wss.close(() => resolve());
      }),
  };
}

function isAsyncIterable<T>(value: T | AsyncIterable<T>): value is AsyncIterable<T> {
  return typeof (value as AsyncIterable<T>)?.[Symbol.asyncIterator] === 'function';
}

/** graphql-ws operations have no HTTP Request of their own; the runtime needs one for headers and context. */
function operationRequest(authorization: string | undefined): Request {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (authorization) headers.set('authorization', authorization);
  return new Request('http://localhost/graphql', { method: 'POST', headers });
}
