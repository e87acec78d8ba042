/** The gateway's upstream keep-alive pool: the gateway, not the subgraph, closes an idle connection. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SERVER_KEEP_ALIVE_MS } from '@vigil/core';
import { waitUntil } from '@vigil/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createUpstreamAgents, UPSTREAM_IDLE_MS } from '../src/upstream-agents.js';
import { fetchOverAgents } from '../src/upstream-fetch.js';
import { startReportsGateway, startReportsSubgraph } from './fixtures/reports-subgraph.js';

interface Upstream {
  readonly url: string;
  readonly server: Server;
  /** Server-side sockets and who closed each: 'client' once the gateway's FIN arrived. */
  readonly sockets: { socket: Socket; closedBy?: 'client' }[];
}

let upstream: Upstream | undefined;

async function startUpstream(keepAliveTimeout: number): Promise<Upstream> {
  const sockets: Upstream['sockets'] = [];
  const server = createServer((_request, response) => response.end('{"data":{}}'));
  server.keepAliveTimeout = keepAliveTimeout;
  server.on('connection', (socket: Socket) => {
    const entry: Upstream['sockets'][number] = { socket };
    sockets.push(entry);
    socket.on('end', () => (entry.closedBy = 'client'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, server, sockets };
}

afterEach(async () => {
  const server = upstream?.server;
  upstream = undefined;
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('upstream keep-alive agents', () => {
  it('closes an idle upstream connection from the gateway side, while the subgraph would still keep it', async () => {
    upstream = await startUpstream(60_000);
    const agents = createUpstreamAgents(200);
    try {
      const fetch = fetchOverAgents(agents);
      expect((await fetch(upstream.url, { method: 'POST', body: '{}' })).status).toBe(200);
      expect((await fetch(upstream.url, { method: 'POST', body: '{}' })).status).toBe(200);
      // Both requests went over one pooled connection, which the gateway then closed itself (its FIN reached the
      // subgraph long before the subgraph's own 60 s keep-alive timeout).
      expect(upstream.sockets).toHaveLength(1);
      await waitUntil(() => upstream?.sockets[0]?.closedBy === 'client');
    } finally {
      agents.destroy();
    }
  });

  it('keeps idle connections for less time than a Node subgraph does by default', () => {
    // Node's http server closes idle keep-alive sockets after `keepAliveTimeout` (5 s): at equal timeouts both sides
    // race, and a request sent on a socket the subgraph is closing fails with ECONNRESET.
    expect(UPSTREAM_IDLE_MS).toBeLessThan(createServer().keepAliveTimeout);
  });

  it('serves https URLs from the https agent and http URLs from the http agent', () => {
    const agents = createUpstreamAgents();
    try {
      expect(agents.for('https://partner.example/graphql')).toBe(agents.https);
      expect(agents.for('http://accounts:4001/graphql')).toBe(agents.http);
    } finally {
      agents.destroy();
    }
  });
});

describe('server keep-alive', () => {
  it('has the gateway and the subgraphs keep idle connections far longer than their clients do', async () => {
    const subgraph = await startReportsSubgraph();
    const { url } = await subgraph.start(0);
    const gateway = await startReportsGateway(subgraph, url);
    try {
      // What each server tells its clients on the wire: the clients (the gateway's pool, undici, browsers) close first.
      for (const origin of [new URL(url).origin, new URL(gateway.url).origin]) {
        const response = await fetch(`${origin}/healthz`);
        await response.text();
        expect(response.headers.get('keep-alive')).toBe(`timeout=${SERVER_KEEP_ALIVE_MS / 1000}`);
      }
      expect(UPSTREAM_IDLE_MS * 10).toBeLessThan(SERVER_KEEP_ALIVE_MS);
    } finally {
      await gateway.stop();
      await subgraph.stop();
    }
  });
});
