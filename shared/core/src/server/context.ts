import type { Logger } from 'pino';
import type { Identity } from '../auth/identity.js';

/**
 * What every resolver, shield rule and reference resolver receives. Built once per HTTP request and
 * once per subscription, after the gateway's signed identity was verified: `identity` is always set.
 */
export interface SubgraphContext<TLoaders = unknown> {
  readonly identity: Identity;
  /** `x-request-id` from the gateway when present, else a fresh UUID; on every log line. */
  readonly requestId: string;
  /** Child logger bound to this request (request id, subject). */
  readonly logger: Logger;
  /** Per-request DataLoaders from the subgraph's `createLoaders`: batching and caching never cross requests. */
  readonly loaders: TLoaders;
}
