import type { Role, VigilConfig } from '@vigil/core';
import { mintDevToken } from '@vigil/gateway';

export interface TokenRequest {
  readonly roles: readonly Role[];
  readonly tenants: readonly string[];
  /** Defaults to `dev-<role>`. */
  readonly subject?: string;
  /** Defaults to 8 hours. */
  readonly ttlSeconds?: number;
}

/** Mints HS256 tokens the running gateway accepts (JWT_SECRET from config). Dev and tests only. */
export function createTokenMinter(config: VigilConfig): (request: TokenRequest) => Promise<string> {
  const secret = config.JWT_SECRET;
  return (request) => {
    if (!secret) throw new Error('JWT_SECRET is not set: dev tokens need the HS256 secret the gateway verifies with.');
    return mintDevToken({
      subject: request.subject ?? `dev-${(request.roles[0] ?? 'user').toLowerCase()}`,
      roles: request.roles,
      tenants: request.tenants,
      ttlSeconds: request.ttlSeconds ?? 8 * 3600,
      secret,
      ...(config.JWT_ISSUER ? { issuer: config.JWT_ISSUER } : {}),
      ...(config.JWT_AUDIENCE ? { audience: config.JWT_AUDIENCE } : {}),
    });
  };
}
