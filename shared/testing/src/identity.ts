import { callSubgraph, type GatewaySigningKey, type Identity, type Role, type SubgraphCallResult } from '@vigil/core';

/** The tenant tests act in unless they say otherwise (the demo seed's tenant). */
export const TEST_TENANT = 'demo';

/**
 * The one way a test says who is calling: an Identity as the gateway would hand it to a subgraph. An empty role
 * list is a signed caller with no grants (what deny-by-default is checked with).
 */
export function identityOf(
  roles: readonly Role[],
  tenantIds: readonly string[] = [TEST_TENANT],
  subject = `test-${roles[0]?.toLowerCase() ?? 'nobody'}`,
): Identity {
  return { subject, roles: [...roles], tenantIds: [...tenantIds], expiresAt: Math.floor(Date.now() / 1000) + 3600 };
}

/** A GraphQL call to one subgraph as `identity`, signed like the gateway signs it; `undefined` → unsigned. */
export type SubgraphCall = <TData = Record<string, unknown>>(
  identity: Identity | undefined,
  query: string,
  variables?: Record<string, unknown>,
) => Promise<SubgraphCallResult<TData>>;

/** Calls to the subgraph at `url` (named `audience`), signed with the gateway's private key. */
export function subgraphCaller(url: string, audience: string, signingKey: GatewaySigningKey | undefined): SubgraphCall {
  return (identity, query, variables) =>
    callSubgraph(url, variables ? { query, variables } : { query }, { identity, signingKey, audience });
}
