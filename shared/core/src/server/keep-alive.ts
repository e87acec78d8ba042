import type { Server } from 'node:http';

/**
 * How long Vigil's servers (gateway, subgraphs) keep an idle keep-alive connection open. Far longer than their
 * clients keep one: the gateway's upstream pool closes idle sockets after 4 s, undici after at most the hint minus
 * 2 s, and a load balancer typically after 60 s. The client must be the side that closes an idle connection: a
 * server that closes it as the client sends a request on it makes that request fail (ECONNRESET, "other side
 * closed"), and a mutation cannot be retried safely. Node's default (5 s) leaves too small a margin — a stalled
 * event loop runs its expired timers before it reads the waiting request, so a request sent a second before the
 * timeout is lost when the loop stalls for a second (seen under load in test/hostile-inputs.test.ts).
 */
export const SERVER_KEEP_ALIVE_MS = 65_000;

/** Applies SERVER_KEEP_ALIVE_MS; headers must still be allowed to arrive on a connection kept that long. */
export function keepConnectionsAlive(server: Server): Server {
  server.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
  server.headersTimeout = Math.max(server.headersTimeout, SERVER_KEEP_ALIVE_MS + 1_000);
  return server;
}
