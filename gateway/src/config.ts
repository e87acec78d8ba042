import type { VigilConfig } from '@vigil/core';
import { ClientAddresses } from './client-address.js';
import { mintDevToken } from './dev-token.js';
import type { IdeOptions } from './ide.js';
import { TrustedDocuments } from './trusted-documents/manifest.js';
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
    sharedSubscriptions: config.GATEWAY_SHARED_SUBSCRIPTIONS,
    corsOrigins: config.GATEWAY_CORS_ORIGINS,
    ide: ideFromConfig(config),
    ...trustedDocumentsFromConfig(config),
    metrics: { token: config.METRICS_TOKEN, open: config.NODE_ENV !== 'production' },
    clientAddresses: ClientAddresses.trusting(config.GATEWAY_TRUSTED_PROXIES),
    rateLimits: {
      perIp: config.GATEWAY_RATE_LIMIT_PER_IP,
      perSubject: config.GATEWAY_RATE_LIMIT_PER_SUBJECT,
      perTenant: config.GATEWAY_RATE_LIMIT_PER_TENANT,
      ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL, redisKeyPrefix: config.REDIS_KEY_PREFIX } : {}),
    },
    logger,
  };
}

/** GATEWAY_TRUSTED_DOCUMENTS: the manifest, read and checked now (a bad one stops the start with its name). */
function trustedDocumentsFromConfig(config: VigilConfig): Pick<GatewayOptions, 'trustedDocuments'> {
  const path = config.GATEWAY_TRUSTED_DOCUMENTS;
  if (!path) return {};
  return { trustedDocuments: { documents: TrustedDocuments.fromFile(path), mode: config.GATEWAY_TRUSTED_DOCUMENTS_MODE } };
}

function requireSigningKey(config: VigilConfig) {
  if (!config.GATEWAY_SIGNING_KEY) {
    throw new Error('GATEWAY_SIGNING_KEY is required: the gateway signs every upstream identity with it (npm run keygen).');
  }
  return config.GATEWAY_SIGNING_KEY;
}

/**
 * GATEWAY_IDE: on by default outside production, off in production unless set to `true`. Outside production, with
 * the HS256 dev secret, the IDE comes with a fresh 1-hour ADMIN + SECURITY_ANALYST token for the demo tenant.
 */
function ideFromConfig(config: VigilConfig): IdeOptions | undefined {
  const production = config.NODE_ENV === 'production';
  const enabled = config.GATEWAY_IDE ?? !production;
  if (!enabled) return undefined;
  const secret = config.JWT_SECRET;
  if (production || !secret) return {};
  return {
    prefillAuthorization: async () =>
      `Bearer ${await mintDevToken({
        subject: 'dev-ide',
        roles: ['ADMIN', 'SECURITY_ANALYST'],
        tenants: ['demo'],
        ttlSeconds: 3600,
        secret,
        ...(config.JWT_ISSUER ? { issuer: config.JWT_ISSUER } : {}),
        ...(config.JWT_AUDIENCE ? { audience: config.JWT_AUDIENCE } : {}),
      })}`,
  };
}
