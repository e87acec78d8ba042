import {
  createLogger,
  createSubgraphServer,
  gatewayKeys,
  type GatewaySigningKey,
  type Identity,
  type SubgraphServer,
  type SubgraphServerOptions,
} from '@vigil/core';

/** The signed caller of the factory tests: an agent of the demo tenant, valid for an hour. */
export const agent: Identity = {
  subject: 'agent-1',
  roles: ['AGENT'],
  tenantIds: ['demo'],
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
};

export interface Posted {
  status: number;
  json: { data?: Record<string, unknown>; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** POSTs `body` as JSON, as the gateway does (signed or not: the caller decides), and reads the JSON answer. */
export async function post(url: string, body: unknown): Promise<Posted> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Posted['json'] };
}

/**
 * A factory subgraph that trusts only `key` (its public half), with a silent logger and no loaders: the parts
 * every factory test shares. `options` gives the rest (name, resolvers, permissions, …).
 */
export function probeServer(
  key: GatewaySigningKey,
  options: Omit<SubgraphServerOptions<Record<string, never>>, 'logger' | 'gatewayKeys' | 'createLoaders'>,
): Promise<SubgraphServer> {
  return createSubgraphServer({
    logger: createLogger({ name: 'test', level: 'silent' }),
    gatewayKeys: gatewayKeys({ keys: [key.publicJwk] }),
    createLoaders: () => ({}),
    ...options,
  });
}
