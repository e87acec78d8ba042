import { composeServices } from '@apollo/composition';
import { callSubgraph, gatewayServiceIdentity } from '@vigil/core';
import { parse } from 'graphql';
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
 * Fetches every subgraph's SDL (signed with the gateway's service identity, since subgraphs reject
 * unsigned calls) and composes the supergraph with @apollo/composition, the reference Federation 2
 * composition that matches the @apollo/subgraph the subgraphs are built with.
 */
export async function composeSupergraph(
  subgraphs: readonly SubgraphEndpoint[],
  signingSecret: string,
  logger: GatewayLogger,
  options: SdlFetchOptions = {},
): Promise<string> {
  const services = await Promise.all(
    subgraphs.map(async (subgraph) => ({
      name: subgraph.name,
      url: subgraph.url,
      typeDefs: parseSdl(subgraph.name, await fetchSdlWithRetry(subgraph, signingSecret, logger, options)),
    })),
  );
  const result = composeServices(services);
  if (result.errors) {
    const details = result.errors.map((error) => `  - ${error.message}`).join('\n');
    throw new SupergraphCompositionError(
      `Supergraph composition failed for subgraphs [${subgraphs.map((s) => s.name).join(', ')}]:\n${details}`,
    );
  }
  return result.supergraphSdl;
}

function parseSdl(name: string, sdl: string) {
  try {
    return parse(sdl);
  } catch (error) {
    throw new SupergraphCompositionError(`Subgraph "${name}" returned an SDL that does not parse: ${(error as Error).message}`);
  }
}

async function fetchSdlWithRetry(
  subgraph: SubgraphEndpoint,
  signingSecret: string,
  logger: GatewayLogger,
  { timeoutMs = 30_000, intervalMs = 500 }: SdlFetchOptions,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fetchSdl(subgraph, signingSecret);
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

async function fetchSdl(subgraph: SubgraphEndpoint, signingSecret: string): Promise<string> {
  const identity = gatewayServiceIdentity(Math.floor(Date.now() / 1000) + SERVICE_TOKEN_TTL_SECONDS);
  const result = await callSubgraph<{ _service?: { sdl?: unknown } }>(
    subgraph.url,
    { query: SDL_QUERY },
    { identity, secret: signingSecret, timeoutMs: 5_000 },
  );
  if (result.status === 401) {
    // Retrying will not help: the secrets differ.
    throw new SupergraphCompositionError('HTTP 401: the subgraph rejected the gateway signature; check GATEWAY_SIGNING_SECRET.');
  }
  if (result.status !== 200) throw new Error(`HTTP ${result.status}`);
  const sdl = result.data?._service?.sdl;
  if (typeof sdl !== 'string') {
    const reason = result.errors?.map((error) => error.message).join('; ') ?? 'no _service.sdl in the answer';
    throw new SupergraphCompositionError(`not a federation subgraph (${reason})`);
  }
  return sdl;
}
