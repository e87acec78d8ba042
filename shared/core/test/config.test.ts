import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, DEV_GATEWAY_KEY_ID, generateGatewaySigningKey, loadConfig, loadConfigSection } from '../src/index.js';

describe('loadConfig', () => {
  it('applies documented defaults outside production', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      GATEWAY_PORT: 4000,
      ACCOUNTS_PORT: 4001,
      ALERTS_PORT: 4004,
      MONGO_DATA_DIR: '.data/mongo',
    });
    expect(config.GATEWAY_SIGNING_KEY?.kid).toBe(DEV_GATEWAY_KEY_ID);
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

  it('makes missing secrets and keys fatal in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET[\s\S]*GATEWAY_SIGNING_KEY/);
    const key = generateGatewaySigningKey('prod-1');
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json',
      GATEWAY_SIGNING_KEY: JSON.stringify({ ...key.privateKey.export({ format: 'jwk' }), kid: 'prod-1' }),
    });
    expect(config.JWT_SECRET).toBeUndefined();
    expect(config.GATEWAY_SIGNING_KEY?.publicJwk).toEqual(key.publicJwk);
  });

  it('lets a production subgraph run with the gateway JWKS URL and no private key', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 's'.repeat(40),
      GATEWAY_JWKS_URL: 'http://gateway:4000/.well-known/vigil-gateway-jwks.json',
    });
    expect(config.GATEWAY_SIGNING_KEY).toBeUndefined();
    expect(config.GATEWAY_JWKS_URL).toBe('http://gateway:4000/.well-known/vigil-gateway-jwks.json');
  });

  it('refuses the public dev key in production, and a malformed key anywhere', () => {
    const dev = loadConfig({}).GATEWAY_SIGNING_KEY!;
    const devJwk = JSON.stringify({ ...dev.privateKey.export({ format: 'jwk' }), kid: DEV_GATEWAY_KEY_ID });
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40), GATEWAY_SIGNING_KEY: devJwk })).toThrow(
      /dev key .* refused in production/,
    );
    expect(() => loadConfig({ GATEWAY_SIGNING_KEY: 'hunter2' })).toThrow(/GATEWAY_SIGNING_KEY: must be a JSON Web Key/);
    expect(() => loadConfig({ GATEWAY_SIGNING_KEY: 'hunter2' })).not.toThrow(/hunter2/);
  });

  it('validates a package’s own section the same way', () => {
    const schema = z.object({ OTP_TTL_SECONDS: z.coerce.number().int().positive().default(300), SMTP_HOST: z.string() });
    expect(loadConfigSection(schema, { SMTP_HOST: 'localhost' })).toEqual({ OTP_TTL_SECONDS: 300, SMTP_HOST: 'localhost' });
    expect(() => loadConfigSection(schema, { OTP_TTL_SECONDS: '-1' })).toThrow(/OTP_TTL_SECONDS[\s\S]*SMTP_HOST/);
  });
});

describe('GATEWAY_CORS_ORIGINS', () => {
  it('is an empty allowlist by default and a list of exact origins when set', () => {
    expect(loadConfig({}).GATEWAY_CORS_ORIGINS).toEqual([]);
    expect(loadConfig({ GATEWAY_CORS_ORIGINS: ' https://wall.example, http://127.0.0.1:3000 ,' }).GATEWAY_CORS_ORIGINS).toEqual([
      'https://wall.example',
      'http://127.0.0.1:3000',
    ]);
  });

  it.each(['*', 'https://wall.example/path', 'wall.example', 'https://*.example'])('refuses %s', (value) => {
    expect(() => loadConfig({ GATEWAY_CORS_ORIGINS: value })).toThrow(/GATEWAY_CORS_ORIGINS/);
  });
});
