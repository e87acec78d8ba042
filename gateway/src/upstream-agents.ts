import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/**
 * How long an idle upstream connection is kept for reuse. Shorter than any subgraph's keep-alive timeout (Node's
 * servers close idle sockets after 5 s and say so in `Keep-Alive: timeout=5`): the gateway must be the side that
 * closes an idle connection. When both sides wait the same 5 s — Node's global agent and Node's server defaults —
 * the subgraph can close a socket at the very moment the gateway sends a request on it, and that request fails with
 * ECONNRESET (a mutation cannot be retried safely). Seen under load as 500s in test/hostile-inputs.test.ts.
 */
export const UPSTREAM_IDLE_MS = 4_000;

/** Keep-alive agents for every request from the gateway to a subgraph (GraphQL and the plain HTTP routes). */
export interface UpstreamAgents {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
  /** The agent for a URL's protocol. */
  for(url: string | URL): HttpAgent | HttpsAgent;
  /** Closes every pooled socket (gateway stop). */
  destroy(): void;
}

export function createUpstreamAgents(idleMs = UPSTREAM_IDLE_MS): UpstreamAgents {
  // Node's agent keeps min(timeout, the server's Keep-Alive hint): with our 4 s the gateway closes first.
  const http = new HttpAgent({ keepAlive: true, timeout: idleMs, scheduling: 'lifo' });
  const https = new HttpsAgent({ keepAlive: true, timeout: idleMs, scheduling: 'lifo' });
  return {
    http,
    https,
    for: (url) => (String(url).startsWith('https:') ? https : http),
    destroy() {
      http.destroy();
      https.destroy();
    },
  };
}
