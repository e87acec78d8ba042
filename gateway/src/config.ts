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
    signingKey: requireSigningKey(config),
    publishedKeys: config.GATEWAY_PUBLIC_KEYS,
    limits: { maxDepth: config.MAX_QUERY_DEPTH, maxCost: config.MAX_QUERY_COST },
    maxSubscriptionsPerSocket: config.GATEWAY_MAX_SUBSCRIPTIONS_PER_SOCKET,
    corsOrigins: config.GATEWAY_CORS_ORIGINS,
    logger,
  };
}

function requireSigningKey(config: VigilConfig) {
  if (!config.GATEWAY_SIGNING_KEY) {
    throw new Error('GATEWAY_SIGNING_KEY is required: the gateway signs every upstream identity with it (npm run keygen).');
  }
  return config.GATEWAY_SIGNING_KEY;
}
