import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/** Accept types the runtime would answer with a long-lived stream (SSE, incremental multipart). */
const STREAMING_ACCEPT = /text\/event-stream|multipart\/mixed/i;

/**
 * Subscriptions have one transport: graphql-ws on `/graphql`, which re-checks the caller's token and closes the
 * socket at its expiry (websocket.ts). The runtime would also stream them over SSE or multipart HTTP, where no such
 * check exists, so a stream would outlive its token. Those requests are answered 406 with `STREAMING_NOT_SUPPORTED`.
 */
export function useNoHttpStreaming(): GatewayPlugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (!STREAMING_ACCEPT.test(request.headers.get('accept') ?? '')) return;
      const body = {
        errors: [
          {
            message: 'Streaming over HTTP (SSE, multipart) is off: subscribe over graphql-ws on this URL (ws:// or wss://).',
            extensions: { code: 'STREAMING_NOT_SUPPORTED' },
          },
        ],
      };
      endResponse(new fetchAPI.Response(JSON.stringify(body), { status: 406, headers: { 'content-type': 'application/json' } }));
    },
  };
}
