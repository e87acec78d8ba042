import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { httpRoutePathProblem } from './http-routes.js';
import { parsePartnerContract } from './partner-contract.js';
import type { SubgraphEndpoint } from './options.js';

/** The file shipped next to the package: our four subgraphs on their default local ports. */
export const DEFAULT_SUPERGRAPH_CONFIG = fileURLToPath(new URL('../supergraph.config.json', import.meta.url));

const NAME = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Reads `{ "subgraphs": [{ "name", "url", "httpRoutes"?, "partner"? }] }` from `path` (env SUPERGRAPH_CONFIG, else the
 * default file). An entry with `partner` is a partner's subgraph and `partner` is its contract (partner-contract.ts);
 * without it, one of Vigil's own. Throws a message naming the file and the bad entry.
 */
export async function loadSupergraphConfig(
  path: string = process.env.SUPERGRAPH_CONFIG || DEFAULT_SUPERGRAPH_CONFIG,
): Promise<SubgraphEndpoint[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the supergraph config ${path}: ${(error as Error).message}`);
  }
  return parseSupergraphConfig(parsed, path);
}

export function parseSupergraphConfig(value: unknown, source: string): SubgraphEndpoint[] {
  const subgraphs = typeof value === 'object' && value !== null ? (value as { subgraphs?: unknown }).subgraphs : undefined;
  if (!Array.isArray(subgraphs) || subgraphs.length === 0) {
    throw new Error(`Supergraph config ${source}: expected { "subgraphs": [{ "name": "...", "url": "http://..." }] }.`);
  }
  const seen = new Set<string>();
  const routeOwners = new Map<string, string>();
  return subgraphs.map((entry: unknown, index) => {
    const { name, url, httpRoutes, partner } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
      string,
      unknown
    >;
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new Error(`Supergraph config ${source}: subgraphs[${index}].name must be lower-case letters, digits and dashes.`);
    }
    if (seen.has(name)) throw new Error(`Supergraph config ${source}: subgraph "${name}" is listed twice.`);
    seen.add(name);
    if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url) || !URL.canParse(url)) {
      throw new Error(`Supergraph config ${source}: subgraph "${name}" needs an http(s) url.`);
    }
    const contract =
      partner === undefined ? {} : { partner: parsePartnerContract(partner, `Supergraph config ${source}: subgraph "${name}"`) };
    if (httpRoutes === undefined) return { name, url, ...contract };
    if (partner !== undefined) {
      // A partner's HTTP routes would get a signed identity for a bare path: not part of the partner contract (yet).
      throw new Error(`Supergraph config ${source}: partner subgraph "${name}" may not declare httpRoutes.`);
    }
    if (!Array.isArray(httpRoutes)) {
      throw new Error(
        `Supergraph config ${source}: subgraph "${name}" httpRoutes must be a list of paths like "/activity/export".`,
      );
    }
    const paths = httpRoutes.map((path: unknown) => {
      const problem = httpRoutePathProblem(path);
      if (problem !== undefined || typeof path !== 'string') {
        throw new Error(`Supergraph config ${source}: subgraph "${name}" httpRoutes entry ${JSON.stringify(path)} ${problem}.`);
      }
      const owner = routeOwners.get(path);
      if (owner) throw new Error(`Supergraph config ${source}: HTTP route "${path}" is listed by "${owner}" and "${name}".`);
      routeOwners.set(path, name);
      return path;
    });
    return { name, url, httpRoutes: paths, ...contract };
  });
}
