import { z } from 'zod';
import { ConfigError, loadConfigSection, type Environment } from './load-config.js';

/**
 * Dev-only secrets: used when NODE_ENV is not `production` and the variable is unset, so `npm start` and
 * the tests work out of the box. In production a missing secret is fatal.
 */
export const DEV_JWT_SECRET = 'vigil-dev-jwt-secret-change-me-0123456789';
export const DEV_GATEWAY_SIGNING_SECRET = 'vigil-dev-gateway-signing-secret-0123456789';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const secret = z.string().min(32, 'must be at least 32 characters');

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
  GATEWAY_PORT: port(4000),
  ACCOUNTS_PORT: port(4001),
  ACTIVITY_LOGS_PORT: port(4002),
  RECOVERY_CASES_PORT: port(4003),
  ALERTS_PORT: port(4004),
  JWT_SECRET: secret.optional(),
  JWT_JWKS_URL: z.url().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  GATEWAY_SIGNING_SECRET: secret.optional(),
  MAX_QUERY_DEPTH: z.coerce.number().int().positive().default(12),
  MAX_QUERY_COST: z.coerce.number().int().positive().default(5000),
  /** Operations one graphql-ws socket may have running at once; one more is refused with an error. */
  GATEWAY_MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().min(1).max(10_000).default(100),
});

type CommonEnv = z.output<typeof commonSchema>;

export interface VigilConfig extends Omit<CommonEnv, 'MONGO_DATA_DIR' | 'JWT_SECRET' | 'GATEWAY_SIGNING_SECRET'> {
  /** `undefined` → the embedded server keeps data in memory only. */
  readonly MONGO_DATA_DIR: string | undefined;
  /** HS256 secret; `undefined` only when JWT_JWKS_URL is set. */
  readonly JWT_SECRET: string | undefined;
  readonly GATEWAY_SIGNING_SECRET: string;
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
  let signingSecret = parsed.GATEWAY_SIGNING_SECRET;
  if (!signingSecret) {
    if (production) missing.push('GATEWAY_SIGNING_SECRET: required in production');
    else signingSecret = DEV_GATEWAY_SIGNING_SECRET;
  }
  if (missing.length > 0 || !signingSecret) throw new ConfigError(missing);

  const dataDir = env.MONGO_DATA_DIR === undefined ? '.data/mongo' : env.MONGO_DATA_DIR || undefined;
  return Object.freeze({
    ...parsed,
    MONGO_DATA_DIR: dataDir,
    JWT_SECRET: jwtSecret,
    GATEWAY_SIGNING_SECRET: signingSecret,
  });
}
