import { describe, expect, it } from 'vitest';
import { createTokenVerifier, mintDevToken, parseRole, parseTtl } from '../src/index.js';
import { JWT_SECRET } from './fixtures/tokens.js';

describe('dev tokens', () => {
  it('mints a token the gateway verifier accepts, with roles, tenants and expiry', async () => {
    const token = await mintDevToken({
      subject: 'agent-1',
      roles: ['AGENT'],
      tenants: ['demo'],
      ttlSeconds: 3600,
      secret: JWT_SECRET,
      issuer: 'vigil-dev',
    });
    const identity = await createTokenVerifier({ secret: JWT_SECRET, issuer: 'vigil-dev' })(`Bearer ${token}`);
    expect(identity).toMatchObject({ subject: 'agent-1', roles: ['AGENT'], tenantIds: ['demo'] });
    expect(identity.expiresAt - Math.floor(Date.now() / 1000)).toBeGreaterThan(3590);
  });

  it('is rejected when the issuer does not match the configured one', async () => {
    const token = await mintDevToken({
      subject: 'a',
      roles: ['AGENT'],
      tenants: [],
      ttlSeconds: 60,
      secret: JWT_SECRET,
      issuer: 'someone-else',
    });
    await expect(createTokenVerifier({ secret: JWT_SECRET, issuer: 'vigil-dev' })(`Bearer ${token}`)).rejects.toThrow(
      /iss claim/,
    );
  });

  it('parses --ttl and --role', () => {
    expect(parseTtl('8h')).toBe(28_800);
    expect(parseTtl('90')).toBe(90);
    expect(() => parseTtl('8 hours')).toThrow(/--ttl/);
    expect(parseRole('security_analyst')).toBe('SECURITY_ANALYST');
    expect(() => parseRole('ROOT')).toThrow(/Unknown role/);
  });
});
