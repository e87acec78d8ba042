import { z } from 'zod';
import {
  DEV_GATEWAY_KEY_ID,
  devGatewaySigningKey,
  parseGatewayPublicKeys,
  parseGatewaySigningKey,
  type GatewayPublicJwk,
  type GatewaySigningKey,
} from '../auth/gateway-keys.js';
import { ConfigError, loadConfigSection, type Environment } from './load-config.js';

/**
 * Dev-only secrets: used when NODE_ENV is not `production` and the variable is unset, so `npm start` and
 * the tests work out of the box. In production a missing secret is fatal.
 */
export const DEV_JWT_SECRET = 'vigil-dev-jwt-secret-change-me-0123456789';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const secret = z.string().min(32, 'must be at least 32 characters');
/** A comma-separated list; entries trimmed, empty ones dropped; unset → empty. */
const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  );

const commonSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** A real MongoDB (replica set) in production; unset → an embedded server is started in-process. */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI')
    .optional(),
  /** Where the embedded server keeps its data; empty → memory only. */
  MONGO_DATA_DIR: z.string().optional(),
  /** Redis for the event bus (Streams) and subscriptions (pub/sub) across processes; unset → in-memory. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Prefix of every Redis key and channel (streams `<prefix>events:*`, pub/sub `<prefix>pubsub:*`). */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1-64 characters of letters, digits, ":", "_", "." or "-"')
    .default('vigil:'),
  GATEWAY_PORT: port(4000),
  ACCOUNTS_PORT: port(4001),
  ACTIVITY_LOGS_PORT: port(4002),
  RECOVERY_CASES_PORT: port(4003),
  ALERTS_PORT: port(4004),
  JWT_SECRET: secret.optional(),
  JWT_JWKS_URL: z.url().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  /** The gateway's Ed25519 private JWK (gateway only). */
  GATEWAY_SIGNING_KEY: z.string().optional(),
  /** More public keys of the gateway (JWKS JSON): published beside the signing key, trusted by subgraphs. */
  GATEWAY_PUBLIC_KEYS: z.string().optional(),
  /** Where subgraphs fetch the gateway's public keys (refetched on an unknown kid). */
  GATEWAY_JWKS_URL: z.url().optional(),
  MAX_QUERY_DEPTH: z.coerce.number().int().positive().default(12),
  MAX_QUERY_COST: z.coerce.number().int().positive().default(5000),
  /** Operations one graphql-ws socket may have running at once; one more is refused with an error. */
  GATEWAY_MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().min(1).max(10_000).default(100),
  /**
   * Who shares one upstream subscription (ADR 100): `off`, `caller` (same subject, roles, tenants) or
   * `roles-and-tenants` (same roles and tenants; Vigil's subgraphs never read the subject on a subscription path).
   */
  GATEWAY_SHARED_SUBSCRIPTIONS: z.enum(['off', 'caller', 'roles-and-tenants']).default('roles-and-tenants'),
  /** Gateway requests per minute per client IP (before the token is read), per subject and per tenant. */
  GATEWAY_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(1200),
  GATEWAY_RATE_LIMIT_PER_SUBJECT: z.coerce.number().int().min(1).default(240),
  GATEWAY_RATE_LIMIT_PER_TENANT: z.coerce.number().int().min(1).default(2400),
  /** Bearer token a Prometheus scraper sends for GET /metrics; unset → /metrics open outside production only. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Trusted documents manifest (`npm run documents:manifest`): JSON `{ "<sha256>": "<document>" }`. Unset → off. */
  GATEWAY_TRUSTED_DOCUMENTS: z.string().min(1).optional(),
  /** `enforce` (default): only registered documents run; `allow`: ids resolve, other text still runs. */
  GATEWAY_TRUSTED_DOCUMENTS_MODE: z.enum(['enforce', 'allow']).default('enforce'),
  /** GraphiQL on GET /graphql: `true`/`false`; unset → on outside production, off in production. */
  GATEWAY_IDE: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true')),
  /**
   * Load balancers / reverse proxies in front of the gateway, comma-separated addresses or CIDR ranges: from these
   * peers the per-IP rate limit believes `X-Forwarded-For` (its right-most untrusted entry). Unset → the TCP peer.
   * Checked by the gateway at start.
   */
  GATEWAY_TRUSTED_PROXIES: commaList,
  /** Browser origins allowed cross-origin at the gateway, comma-separated exact origins (`https://wall.example`). */
  GATEWAY_CORS_ORIGINS: commaList.refine((origins) => origins.every((origin) => /^https?:\/\/[^/\s,*]+$/.test(origin)), {
    message: 'must be comma-separated origins like https://wall.example (scheme://host[:port], no path, no *)',
  }),
});

type CommonEnv = z.output<typeof commonSchema>;

export interface VigilConfig extends Omit<
  CommonEnv,
  'MONGO_DATA_DIR' | 'JWT_SECRET' | 'GATEWAY_SIGNING_KEY' | 'GATEWAY_PUBLIC_KEYS'
> {
  /** `undefined` → the embedded server keeps data in memory only. */
  readonly MONGO_DATA_DIR: string | undefined;
  /** HS256 secret; `undefined` only when JWT_JWKS_URL is set. */
  readonly JWT_SECRET: string | undefined;
  /** The gateway's private key; the dev key outside production when unset; `undefined` in a production subgraph. */
  readonly GATEWAY_SIGNING_KEY: GatewaySigningKey | undefined;
  /** Other public keys of the gateway (rotation); empty when unset. */
  readonly GATEWAY_PUBLIC_KEYS: readonly GatewayPublicJwk[];
}

/**
 * Reads and validates the common environment. Throws a ConfigError listing every bad variable.
 * MONGO_DATA_DIR: unset → `.data/mongo`; set to the empty string → memory only.
 */
export function loadConfig(env: Environment = process.env): VigilConfig {
  const parsed = loadConfigSection(commonSchema, env);
  const production = parsed.NODE_ENV === 'production';
  const missing: string[] = [];

  let jwtSecret = parsed.JWT_SECRET;
  if (!jwtSecret && !parsed.JWT_JWKS_URL) {
    if (production) missing.push('JWT_SECRET: required in production unless JWT_JWKS_URL is set');
    else jwtSecret = DEV_JWT_SECRET;
  }
  const keys = gatewayKeysFrom(parsed, production, missing);
  if (missing.length > 0) throw new ConfigError(missing);

  const dataDir = env.MONGO_DATA_DIR === undefined ? '.data/mongo' : env.MONGO_DATA_DIR || undefined;
  return Object.freeze({
    ...parsed,
    MONGO_DATA_DIR: dataDir,
    JWT_SECRET: jwtSecret,
    ...keys,
  });
}

/**
 * The gateway key material. Production needs a private key (the gateway) or somewhere to read public keys from
 * (a subgraph), and never accepts the dev key, whose private half is public. Outside production an unset
 * GATEWAY_SIGNING_KEY means the dev key, on both sides.
 */
function gatewayKeysFrom(
  parsed: CommonEnv,
  production: boolean,
  missing: string[],
): Pick<VigilConfig, 'GATEWAY_SIGNING_KEY' | 'GATEWAY_PUBLIC_KEYS'> {
  let signingKey: GatewaySigningKey | undefined;
  let publicKeys: GatewayPublicJwk[] = [];
  try {
    if (parsed.GATEWAY_SIGNING_KEY) signingKey = parseGatewaySigningKey(parsed.GATEWAY_SIGNING_KEY);
  } catch (error) {
    missing.push(`GATEWAY_SIGNING_KEY: ${(error as Error).message}`);
  }
  try {
    if (parsed.GATEWAY_PUBLIC_KEYS) publicKeys = parseGatewayPublicKeys(parsed.GATEWAY_PUBLIC_KEYS);
  } catch (error) {
    missing.push(`GATEWAY_PUBLIC_KEYS: ${(error as Error).message}`);
  }
  if (production) {
    if (!parsed.GATEWAY_SIGNING_KEY && !parsed.GATEWAY_JWKS_URL && !parsed.GATEWAY_PUBLIC_KEYS) {
      missing.push(
        'GATEWAY_SIGNING_KEY: required in production for the gateway (subgraphs set GATEWAY_JWKS_URL or GATEWAY_PUBLIC_KEYS instead)',
      );
    }
    if (signingKey?.kid === DEV_GATEWAY_KEY_ID || publicKeys.some((key) => key.kid === DEV_GATEWAY_KEY_ID)) {
      missing.push(`GATEWAY_SIGNING_KEY: the dev key "${DEV_GATEWAY_KEY_ID}" is public and refused in production`);
    }
  } else if (!parsed.GATEWAY_SIGNING_KEY) {
    signingKey = devGatewaySigningKey();
  }
  return { GATEWAY_SIGNING_KEY: signingKey, GATEWAY_PUBLIC_KEYS: publicKeys };
}
