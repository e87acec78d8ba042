import type { GatewaySigningKey } from './gateway-keys.js';
import type { Identity } from './identity.js';
import { signedUpstreamBody, type UpstreamOperation } from './upstream.js';

export interface SubgraphCallError {
  readonly message: string;
  readonly path?: ReadonlyArray<string | number>;
  readonly extensions?: { readonly code?: string; readonly [key: string]: unknown };
}

export interface SubgraphCallResult<TData> {
  /** HTTP status: 200 for GraphQL results (errors included), 401 when the signature is missing or bad. */
  readonly status: number;
  readonly data?: TData | null;
  readonly errors?: readonly SubgraphCallError[];
}

export interface SubgraphCallOptions {
  /** Who the call is for; omitted → the call goes unsigned (tests of the 401 path). */
  readonly identity?: Identity;
  /** The gateway's private key (GATEWAY_SIGNING_KEY); required when `identity` is given. */
  readonly signingKey?: GatewaySigningKey | undefined;
  /** The subgraph's name (e.g. `accounts`): the signature is only valid there. Required when `identity` is given. */
  readonly audience?: string;
  /** Aborts the call after this many milliseconds. Default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * One GraphQL operation against a subgraph, signed the way the gateway signs it: for service-to-service calls
 * (alerts reading contact channels from accounts) and for tests that call a subgraph directly.
 */
export async function callSubgraph<TData = Record<string, unknown>>(
  url: string,
  operation: UpstreamOperation,
  options: SubgraphCallOptions,
): Promise<SubgraphCallResult<TData>> {
  const { identity, audience } = options;
  let body: UpstreamOperation = operation;
  if (identity) {
    if (!audience) throw new Error('callSubgraph: a signed call needs the subgraph name (audience).');
    body = signedUpstreamBody(identity, operation, { key: options.signingKey, audience });
  }
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  try {
    return { status: response.status, ...(JSON.parse(text) as Omit<SubgraphCallResult<TData>, 'status'>) };
  } catch {
    // A proxy or a crashed server answers HTML or nothing: report the status, not a JSON parse error.
    return { status: response.status, errors: [{ message: `HTTP ${response.status}: not a GraphQL response` }] };
  }
}
