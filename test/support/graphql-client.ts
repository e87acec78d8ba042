import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<TData = Record<string, unknown>> {
  readonly status: number;
  readonly data?: TData | null;
  readonly errors?: ReadonlyArray<{
    message: string;
    path?: ReadonlyArray<string | number>;
    extensions?: Record<string, unknown>;
  }>;
}

/** One GraphQL call over HTTP, as a dashboard makes it. */
export async function graphql<TData = Record<string, unknown>>(
  url: string,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<TData>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as Omit<GraphQLResponse<TData>, 'status'>;
  return { status: response.status, ...body };
}

/** A real graphql-ws client, as a monitoring wall connects. */
export function wsClient(httpUrl: string, token: string): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
  });
}

/** Subscribes and resolves with the first `count` events (rejects on error or after `timeoutMs`). */
export function collectEvents<TData>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  count: number,
  timeoutMs = 30_000,
): { ready: Promise<void>; events: Promise<TData[]>; unsubscribe: () => void } {
  const received: TData[] = [];
  let unsubscribe = () => {};
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const events = new Promise<TData[]>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`only ${received.length} of ${count} events within ${timeoutMs} ms`)),
      timeoutMs,
    );
    unsubscribe = client.subscribe<TData>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors?.length) {
            clearTimeout(timer);
            reject(new Error(result.errors.map((e) => e.message).join('; ')));
            return;
          }
          received.push(result.data as TData);
          if (received.length >= count) {
            clearTimeout(timer);
            resolve(received);
          }
        },
        error: (error) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
        },
        complete: () => undefined,
      },
    );
  });
  // graphql-ws acknowledges the connection before the subscription is live upstream; callers wait for `ready`.
  client.on('connected', () => markReady());
  return { ready, events, unsubscribe: () => unsubscribe() };
}

/** Connection pages as a client reads them: one helper for every test (the kit's). */
export { nodes, type Page } from '@vigil/testing';
