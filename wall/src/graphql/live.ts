import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from '../gql/graphql';
import { reconnectDelayMs } from './backoff';
import { graphqlWsUrl } from './endpoint';

/** `connecting` before the first acknowledgement, `live` while connected, `reconnecting` after a drop, `expired` on 4401. */
export type LinkStatus = 'connecting' | 'live' | 'reconnecting' | 'expired';

/** The gateway closes with 4401 when the token is missing, invalid or has expired (graphql-ws treats it as fatal). */
const CLOSE_UNAUTHENTICATED = 4401;
/** Without traffic for this long the socket is presumed dead (a pulled cable does not close it). */
const KEEP_ALIVE_MS = 10_000;

export interface LiveLink {
  /** Starts a subscription; `onError` hears GraphQL errors (e.g. FORBIDDEN for the caller's role). Returns stop. */
  subscribe<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
    onData: (data: TResult) => void,
    onError?: (message: string) => void,
  ): () => void;
  dispose(): void;
}

/**
 * One graphql-ws connection for the page. It reconnects by itself with backoff (graphql-ws resubscribes every
 * active subscription), reports each status change, and `onReconnected` lets views fetch what they missed.
 */
export function createLiveLink(token: string, onStatus: (status: LinkStatus) => void, onReconnected: () => void): LiveLink {
  let everConnected = false;
  let expired = false;
  const client: Client = createClient({
    url: graphqlWsUrl(),
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    keepAlive: KEEP_ALIVE_MS,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => !expired,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, reconnectDelayMs(retries))),
    on: {
      connected: () => {
        onStatus('live');
        if (everConnected) onReconnected();
        everConnected = true;
      },
      closed: (event) => {
        if (isCloseEvent(event) && event.code === CLOSE_UNAUTHENTICATED) {
          expired = true;
          onStatus('expired');
          return;
        }
        if (!expired) onStatus(everConnected ? 'reconnecting' : 'connecting');
      },
    },
  });

  return {
    subscribe<TResult, TVariables>(
      document: TypedDocumentString<TResult, TVariables>,
      variables: TVariables,
      onData: (data: TResult) => void,
      onError?: (message: string) => void,
    ) {
      return client.subscribe(
        { query: document.toString(), variables: variables as Record<string, unknown> },
        {
          next: (result) => {
            if (result.errors?.length) onError?.(result.errors.map((error) => error.message).join('; '));
            if (result.data) onData(result.data as TResult);
          },
          // A list of GraphQL errors is the operation refused; a close event (4401, network) is handled by `closed`.
          error: (error) => {
            if (Array.isArray(error)) onError?.(error.map((e: { message: string }) => e.message).join('; '));
          },
          complete: () => undefined,
        },
      );
    },
    dispose: () => void client.dispose(),
  };
}

function isCloseEvent(event: unknown): event is { code: number } {
  return typeof event === 'object' && event !== null && typeof (event as { code?: unknown }).code === 'number';
}
