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
  subscribe<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
    onData: (data: TResult) => void,
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
    subscribe(document, variables, onData) {
      return client.subscribe<TResultOf<typeof onData>>(
        { query: document.toString(), variables: variables as Record<string, unknown> },
        {
          next: (result) => {
            if (result.data) onData(result.data as Parameters<typeof onData>[0]);
          },
          // Fatal errors (4401) are reported through `closed`; the rest are retried by the client.
          error: () => undefined,
          complete: () => undefined,
        },
      );
    },
    dispose: () => void client.dispose(),
  };
}

type TResultOf<F> = F extends (data: infer T) => void ? T : never;

function isCloseEvent(event: unknown): event is { code: number } {
  return typeof event === 'object' && event !== null && typeof (event as { code?: unknown }).code === 'number';
}
