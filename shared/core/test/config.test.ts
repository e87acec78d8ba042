import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, DEV_GATEWAY_SIGNING_SECRET, loadConfig, loadConfigSection } from '../src/index.js';

describe('loadConfig', () => {
  it('applies documented defaults outside production', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      GATEWAY_PORT: 4000,
      ACCOUNTS_PORT: 4001,
      ALERTS_PORT: 4004,
      MONGO_DATA_DIR: '.data/mongo',
      GATEWAY_SIGNING_SECRET: DEV_GATEWAY_SIGNING_SECRET,
    });
    expect(config.MONGODB_URI).toBeUndefined();
    expect(config.JWT_SECRET?.length).toBeGreaterThanOrEqual(32);
  });

  it('treats an empty MONGO_DATA_DIR as memory only and coerces numbers', () => {
    const config = loadConfig({ MONGO_DATA_DIR: '', ACCOUNTS_PORT: '5001', MAX_QUERY_DEPTH: '8' });
    expect(config.MONGO_DATA_DIR).toBeUndefined();
    expect(config.ACCOUNTS_PORT).toBe(5001);
    expect(config.MAX_QUERY_DEPTH).toBe(8);
  });

  it('lists every bad variable in one error', () => {
    const attempt = () =>
      loadConfig({ ACCOUNTS_PORT: 'eighty', JWT_SECRET: 'short', MONGODB_URI: 'postgres://x', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const message = (err as Error).message;
      for (const name of ['ACCOUNTS_PORT', 'JWT_SECRET', 'MONGODB_URI', 'LOG_LEVEL']) expect(message).toContain(name);
    }
  });

  it('makes missing secrets fatal in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET[\s\S]*GATEWAY_SIGNING_SECRET/);
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json',
      GATEWAY_SIGNING_SECRET: 'p'.repeat(40),
    });
    expect(config.JWT_SECRET).toBeUndefined();
    expect(config.GATEWAY_SIGNING_SECRET).toBe('p'.repeat(40));
  });

  it('validates a package’s own section the same way', () => {
    const schema = z.object({ OTP_TTL_SECONDS: z.coerce.number().int().positive().default(300), SMTP_HOST: z.string() });
    expect(loadConfigSection(schema, { SMTP_HOST: 'localhost' })).toEqual({ OTP_TTL_SECONDS: 300, SMTP_HOST: 'localhost' });
    expect(() => loadConfigSection(schema, { OTP_TTL_SECONDS: '-1' })).toThrow(/OTP_TTL_SECONDS[\s\S]*SMTP_HOST/);
  });
});
