import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createResolvers, typeDefs, type CrmContext, type CrmStore } from './crm-schema.js';
import { createVigilVerifier, VigilIdentityError, type VigilCaller } from './verify-vigil-identity.js';

export interface PartnerCrmOptions {
  /** The Vigil gateway's JWKS, e.g. `http://127.0.0.1:4000/.well-known/vigil-gateway-jwks.json`. */
  readonly jwksUrl: string;
  /** This subgraph's name in Vigil's supergraph config. Default `partner-crm`. */
  readonly name?: string;
  readonly port?: number;
  readonly host?: string;
  readonly store: CrmStore;
}

export interface PartnerCrm {
  readonly url: string;
  /** Every caller this subgraph verified, newest last (for the example's tests). */
  readonly verified: readonly VigilCaller[];
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024;

/**
 * The partner's subgraph: Apollo Server over node http at `/graphql`. Every request must carry the identity Vigil's
 * gateway signed for it, checked with the gateway's public key; anything else is answered 401 before GraphQL runs.
 */
export async function startPartnerCrm(options: PartnerCrmOptions): Promise<PartnerCrm> {
  const verify = createVigilVerifier({ jwksUrl: options.jwksUrl, audience: options.name ?? 'partner-crm' });
  const schema = buildSubgraphSchema([{ typeDefs, resolvers: createResolvers(options.store) }]);
  const apollo = new ApolloServer<CrmContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const verified: VigilCaller[] = [];

  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.url === '/healthz') return void response.writeHead(200).end('ok');
      if (request.url !== '/graphql' || request.method !== 'POST') return void response.writeHead(404).end();
      let body: unknown;
      let caller: VigilCaller;
      try {
        body = JSON.parse(await readBody(request));
        caller = await verify(body);
      } catch (error) {
        const message = error instanceof VigilIdentityError ? error.message : 'Send a JSON GraphQL request through Vigil.';
        response.writeHead(401, { 'content-type': 'application/json' });
        return void response.end(JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }));
      }
      verified.push(caller);
      const headers = new HeaderMap([['content-type', 'application/json']]);
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers, search: '', body },
        context: async () => ({ caller }),
      });
      response.writeHead(result.status ?? 200, Object.fromEntries(result.headers));
      response.end(result.body.kind === 'complete' ? result.body.string : '');
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/graphql`,
    verified,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
