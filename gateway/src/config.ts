import type { VigilConfig } from '@vigil/core';
import type { GatewayLogger, GatewayOptions, SubgraphEndpoint } from './options.js';

/** Maps the validated environment (core's loadConfig) to createGateway's options. */
export function gatewayOptionsFromConfig(
  config: VigilConfig,
  subgraphs: readonly SubgraphEndpoint[],
  logger: GatewayLogger,
): GatewayOptions {
  return {
    subgraphs,
    port: config.GATEWAY_PORT,
    jwt: {
      secret: config.JWT_SECRET,
      jwksUrl: config.JWT_JWKS_URL,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    },
    signingSecret: config.GATEWAY_SIGNING_SECRET,
    limits: { maxDepth: config.MAX_QUERY_DEPTH, maxCost: config.MAX_QUERY_COST },
    maxSubscriptionsPerSocket: config.GATEWAY_MAX_SUBSCRIPTIONS_PER_SOCKET,
    logger,
  };
}
