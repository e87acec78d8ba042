import { gatewayKeys, generateGatewaySigningKey } from '@vigil/core';
import { freePort } from '@vigil/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { composeSupergraph, SupergraphCompositionError } from '../src/index.js';
import { startAccounts } from './fixtures/graph.js';
import { memoryLogger } from './fixtures/silent-logger.js';
import { startFixtureSubgraph, type FixtureSubgraph } from './fixtures/subgraph-server.js';
import { GATEWAY_KEYS, SIGNING_KEY } from './fixtures/tokens.js';

const started: FixtureSubgraph[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((subgraph) => subgraph.stop()));
});

/** Starts the accounts fixture and a `partner-crm` subgraph with `typeDefs` (federation v2.3, @key), and composes both. */
async function composeWithPartner(
  typeDefs: string,
  resolvers: Parameters<typeof startFixtureSubgraph>[0]['resolvers'],
): Promise<string> {
  const accounts = await startAccounts(GATEWAY_KEYS);
  started.push(accounts);
  const partner = await startFixtureSubgraph({
    name: 'partner-crm',
    gatewayKeys: GATEWAY_KEYS,
    typeDefs: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\n${typeDefs}`,
    resolvers,
  });
  started.push(partner);
  const endpoints = [
    { name: 'accounts', url: accounts.url },
    { name: 'partner-crm', url: partner.url },
  ];
  return composeSupergraph(endpoints, SIGNING_KEY, memoryLogger());
}

describe('composeSupergraph', () => {
  it('composes our subgraph with a partner subgraph listed the same way', async () => {
    const supergraph = await composeWithPartner(`type Account @key(fields: "id") { id: ID! crmTicketCount: Int! }`, {
      Account: { crmTicketCount: () => 3 },
    });
    expect(supergraph).toMatch(/PARTNER_CRM @join__graph\(name: "partner-crm"/);
    expect(supergraph).toMatch(/crmTicketCount: Int! @join__field\(graph: PARTNER_CRM\)/);
  });

  it('stops with a message naming the subgraphs when they do not compose', async () => {
    // displayName is owned by accounts as String!, not shareable: composition must refuse this.
    const composing = composeWithPartner(`type Account @key(fields: "id") { id: ID! displayName: Int! }`, {
      Account: { displayName: () => 1 },
    });
    await expect(composing).rejects.toThrow(SupergraphCompositionError);
    await expect(composing).rejects.toThrow(/composition failed[\s\S]*"Account\.displayName"[\s\S]*partner-crm/);
  });

  it('retries while a subgraph is starting, logging each attempt', async () => {
    const port = await freePort();
    const logger = memoryLogger();
    const composing = composeSupergraph([{ name: 'accounts', url: `http://127.0.0.1:${port}/graphql` }], SIGNING_KEY, logger, {
      timeoutMs: 10_000,
      intervalMs: 100,
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    started.push(await startAccounts(GATEWAY_KEYS, port));
    await expect(composing).resolves.toMatch(/ACCOUNTS @join__graph/);
    expect(logger.lines.some((line) => line.level === 'warn' && /retrying SDL fetch/.test(line.message))).toBe(true);
  });

  it('gives up with the subgraph name and URL when it never answers', async () => {
    const port = await freePort();
    await expect(
      composeSupergraph([{ name: 'alerts', url: `http://127.0.0.1:${port}/graphql` }], SIGNING_KEY, memoryLogger(), {
        timeoutMs: 300,
        intervalMs: 100,
      }),
    ).rejects.toThrow(new RegExp(`Subgraph "alerts" \\(http://127.0.0.1:${port}/graphql\\) did not return its SDL`));
  });

  it('fails at once, naming the key settings, when a subgraph rejects the gateway signature', async () => {
    const accounts = await startAccounts(gatewayKeys({ keys: [generateGatewaySigningKey('someone-else').publicJwk] }));
    started.push(accounts);
    await expect(
      composeSupergraph([{ name: 'accounts', url: accounts.url }], SIGNING_KEY, memoryLogger(), { timeoutMs: 10_000 }),
    ).rejects.toThrow(/"accounts".*after 1 attempt\(s\).*GATEWAY_JWKS_URL.*kid "gateway-test"/);
  });
});
