import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

/** GraphiQL on GET `/graphql` for browsers (GATEWAY_IDE). */
export interface IdeOptions {
  /**
   * The `Authorization` value prefilled in the IDE's headers, asked for on each page load (a fresh dev token).
   * Development only: `gatewayOptionsFromConfig` never sets it in production.
   */
  readonly prefillAuthorization?: () => Promise<string>;
}

const DEFAULT_QUERY = `# Vigil: every operation needs a token (the Authorization header below).
# Subscriptions run over graphql-ws on this same URL.
query MyAlerts {
  alerts(first: 10) {
    edges {
      node {
        id
      }
    }
  }
}
`;

/**
 * The runtime's `graphiql` and `renderGraphiQL` options. The page is rendered by @graphql-yoga/render-graphiql, which
 * inlines GraphiQL's scripts, styles and workers: no CDN, so it works offline. Undefined options → no IDE (see
 * useNoIde).
 */
export function ideRuntimeOptions(ide: IdeOptions | undefined) {
  if (!ide) return { graphiql: false as const };
  return {
    renderGraphiQL,
    graphiql: async () => ({
      title: 'Vigil GraphiQL',
      defaultQuery: DEFAULT_QUERY,
      subscriptionsProtocol: 'WS' as const,
      // GraphiQL sends JSON POSTs (preflighted), so the CSRF header is not needed; tokens stay out of storage.
      shouldPersistHeaders: false,
      headers: JSON.stringify(ide.prefillAuthorization ? { Authorization: await ide.prefillAuthorization() } : {}, null, 2),
    }),
  };
}

/**
 * With the IDE off, a browser's page load (GET preferring `text/html`) answers 406 `IDE_DISABLED` naming the switch,
 * before the CSRF check would answer it a puzzling 403.
 */
export function useNoIde(): GatewayPlugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || !/^\s*text\/html/i.test(request.headers.get('accept') ?? '')) return;
      const body = {
        errors: [
          {
            message: 'No IDE on this gateway (GATEWAY_IDE is off): send GraphQL as JSON POSTs with a bearer token.',
            extensions: { code: 'IDE_DISABLED' },
          },
        ],
      };
      endResponse(new fetchAPI.Response(JSON.stringify(body), { status: 406, headers: { 'content-type': 'application/json' } }));
    },
  };
}
