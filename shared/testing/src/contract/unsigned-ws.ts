import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface WsRefusal {
  readonly codes: readonly (string | undefined)[];
  readonly data: unknown;
}

/** Runs `query` over graphql-ws without a gateway signature and reports how the subgraph answered. */
export async function unsignedWsOperation(wsUrl: string, query: string): Promise<WsRefusal> {
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  try {
    const iterator = client.iterate({ query });
    try {
      const first = await iterator.next();
      // Answered with a result: report its data and errors (a signed-less result with data is a failure).
      const value = first.value as { data?: unknown; errors?: { extensions?: { code?: string } }[] } | undefined;
      return { codes: (value?.errors ?? []).map((error) => error.extensions?.code), data: value?.data };
    } catch (thrown) {
      // graphql-ws rejects the iteration with the operation's errors when the server refuses it.
      const errors = Array.isArray(thrown) ? (thrown as { extensions?: { code?: string } }[]) : [];
      return { codes: errors.map((error) => error.extensions?.code), data: undefined };
    } finally {
      await iterator.return?.();
    }
  } finally {
    await client.dispose();
  }
}
