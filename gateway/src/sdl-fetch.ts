import { callSubgraph, gatewayServiceIdentity, type GatewaySigningKey } from '@vigil/core';
import type { GatewayLogger, SdlFetchOptions, SubgraphEndpoint } from './options.js';

/** Start-up cannot go on: a subgraph never answered, or the subgraphs do not compose. */
export class SupergraphCompositionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SupergraphCompositionError';
  }
}

const SDL_QUERY = '{ _service { sdl } }';
const SERVICE_TOKEN_TTL_SECONDS = 60;

/**
 * A subgraph's SDL, asked with the gateway's service identity (subgraphs reject unsigned calls), retried while
 * the subgraph is not up yet. A 401 or an answer that is not a federation SDL stops at once: retrying cannot help.
 */
export async function fetchSdlWithRetry(
  subgraph: SubgraphEndpoint,
  signingKey: GatewaySigningKey,
  logger: GatewayLogger,
  { timeoutMs = 30_000, intervalMs = 500 }: SdlFetchOptions,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fetchSdl(subgraph, signingKey);
    } catch (error) {
      const reason = (error as Error).message;
      if (error instanceof SupergraphCompositionError || Date.now() + intervalMs > deadline) {
        throw new SupergraphCompositionError(
          `Subgraph "${subgraph.name}" (${subgraph.url}) did not return its SDL after ${attempt} attempt(s): ${reason}`,
        );
      }
      // First failure and then every 10th: enough to see what start-up waits for without flooding the log.
      if (attempt % 10 === 1) {
        logger.warn({ subgraph: subgraph.name, url: subgraph.url, attempt, reason }, 'subgraph not ready; retrying SDL fetch');
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

async function fetchSdl(subgraph: SubgraphEndpoint, signingKey: GatewaySigningKey): Promise<string> {
  const identity = gatewayServiceIdentity(Math.floor(Date.now() / 1000) + SERVICE_TOKEN_TTL_SECONDS);
  const result = await callSubgraph<{ _service?: { sdl?: unknown } }>(
    subgraph.url,
    { query: SDL_QUERY },
    { identity, signingKey, audience: subgraph.name, timeoutMs: 5_000 },
  );
  if (result.status === 401) {
    // Retrying will not help: the subgraph does not trust this gateway's key, or knows itself by another name.
    throw new SupergraphCompositionError(
      `HTTP 401: the subgraph rejected the gateway's signature; check that it trusts this gateway's keys ` +
        `(GATEWAY_JWKS_URL / GATEWAY_PUBLIC_KEYS, kid "${signingKey.kid}") and is named "${subgraph.name}".`,
    );
  }
  if (result.status !== 200) throw new Error(`HTTP ${result.status}`);
  const sdl = result.data?._service?.sdl;
  if (typeof sdl !== 'string') {
    const reason = result.errors?.map((error) => error.message).join('; ') ?? 'no _service.sdl in the answer';
    throw new SupergraphCompositionError(`not a federation subgraph (${reason})`);
  }
  return sdl;
}
