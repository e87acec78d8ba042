import { composeServices } from '@apollo/composition';
import type { GatewaySigningKey } from '@vigil/core';
import { parse, type DocumentNode } from 'graphql';
import { checkPartnerSubgraph, indexVigilSchema } from './contract-rules.js';
import type { GatewayLogger, SdlFetchOptions, SubgraphEndpoint } from './options.js';
import { holdOneByteNames } from './one-byte-names.js';
import { describeViolation } from './partner-contract.js';
import { fetchSdlWithRetry, SupergraphCompositionError } from './sdl-fetch.js';

export { SupergraphCompositionError } from './sdl-fetch.js';

/** A subgraph and the SDL it declared. */
export interface SubgraphSdl {
  readonly subgraph: SubgraphEndpoint;
  readonly sdl: string;
}

/**
 * Fetches every subgraph's SDL (signed with the gateway's service identity, since subgraphs reject
 * unsigned calls) and composes the supergraph: see {@link composeSupergraphFromSdl}.
 */
export async function composeSupergraph(
  subgraphs: readonly SubgraphEndpoint[],
  signingKey: GatewaySigningKey,
  logger: GatewayLogger,
  options: SdlFetchOptions = {},
): Promise<string> {
  const sdls = await Promise.all(
    subgraphs.map(async (subgraph) => ({ subgraph, sdl: await fetchSdlWithRetry(subgraph, signingKey, logger, options) })),
  );
  return composeSupergraphFromSdl(sdls, logger);
}

/**
 * Checks each partner's SDL against its contract (partner-contract.ts), then composes with @apollo/composition,
 * the reference Federation 2 composition that matches the @apollo/subgraph the subgraphs are built with.
 * Refusals name the partner, the field and the rule; composition hints are logged, one line each.
 */
export function composeSupergraphFromSdl(sdls: readonly SubgraphSdl[], logger: GatewayLogger): string {
  const services = sdls.map(({ subgraph, sdl }) => ({
    name: subgraph.name,
    url: subgraph.url,
    typeDefs: parseSdl(subgraph.name, sdl),
  }));
  // Before composition and the runtime meet the names: answers stay one-byte text (one-byte-names.ts, ADR 158).
  holdOneByteNames(services.map((service) => service.typeDefs));
  const vigil = indexVigilSchema(
    services.filter((_, index) => !sdls[index]!.subgraph.partner).map((service) => service.typeDefs),
  );
  const violations = sdls.flatMap(({ subgraph }, index) =>
    subgraph.partner ? checkPartnerSubgraph(subgraph.name, subgraph.partner, services[index]!.typeDefs, vigil) : [],
  );
  if (violations.length > 0) {
    throw new SupergraphCompositionError(
      `Partner subgraph refused by its contract (supergraph config "partner"):\n${violations.map((v) => `  - ${describeViolation(v)}`).join('\n')}`,
    );
  }
  const result = composeServices(services);
  for (const hint of result.hints ?? []) {
    logger.info({ code: hint.definition.code, hint: hint.message }, 'supergraph composition hint');
  }
  if (result.errors) {
    const details = result.errors.map((error) => `  - ${error.message}`).join('\n');
    throw new SupergraphCompositionError(
      `Supergraph composition failed for subgraphs [${sdls.map((s) => s.subgraph.name).join(', ')}]:\n${details}`,
    );
  }
  return result.supergraphSdl;
}

function parseSdl(name: string, sdl: string): DocumentNode {
  try {
    return parse(sdl);
  } catch (error) {
    throw new SupergraphCompositionError(`Subgraph "${name}" returned an SDL that does not parse: ${(error as Error).message}`);
  }
}
