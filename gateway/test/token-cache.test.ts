import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ExpiringCache } from '../src/expiring-cache.js';
import { createTokenVerifier } from '../src/index.js';
import { JWT_SECRET, token } from './fixtures/tokens.js';

const verifier = () => createTokenVerifier({ secret: JWT_SECRET });

describe('verified-token cache', () => {
  it('stops answering from the cache at the token expiry: the same token is refused once expired', async () => {
    const verify = verifier();
    const short = await token({ sub: 'agent-short' }, { expiresInSeconds: 2 });
    const identity = await verify(`Bearer ${short}`);
    expect(identity.subject).toBe('agent-short');
    const expiresAtMs = identity.expiresAt * 1000;
    // Poll the clock rather than sleep a fixed time: the cache entry ends exactly at `exp`.
    while (Date.now() < expiresAtMs) await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(verify(`Bearer ${short}`)).rejects.toThrow(/Token expired/);
  });

  it('gives every token its own identity, even when many callers share the verifier', async () => {
    const verify = verifier();
    const callers = [
      { sub: 'agent-1', roles: ['AGENT'], tenants: ['acme'] },
      { sub: 'agent-1', roles: ['ADMIN'], tenants: ['acme'] },
      { sub: 'agent-1', roles: ['AGENT'], tenants: ['globex'] },
      { sub: 'auditor-2', roles: ['AUDITOR'], tenants: ['acme'] },
    ];
    const tokens = await Promise.all(callers.map((claims) => token(claims)));
    for (let round = 0; round < 2; round += 1) {
      for (const [i, claims] of callers.entries()) {
        const identity = await verify(`Bearer ${tokens[i]}`);
        expect(identity).toMatchObject({ subject: claims.sub, roles: claims.roles, tenantIds: claims.tenants });
      }
    }
  });

  it('refuses a forgery of a remembered token: same header and claims, another signature', async () => {
    const verify = verifier();
    const now = Math.floor(Date.now() / 1000);
    const claims = { roles: ['ADMIN'], tenants: ['acme'] };
    const sign = (secret: string) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('admin-1')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(new TextEncoder().encode(secret));
    const genuine = await sign(JWT_SECRET);
    const forged = await sign('an-attacker-secret-0123456789abcdef-xyz');
    expect(forged.split('.').slice(0, 2)).toEqual(genuine.split('.').slice(0, 2));
    await expect(verify(`Bearer ${genuine}`)).resolves.toMatchObject({ subject: 'admin-1' });
    await expect(verify(`Bearer ${forged}`)).rejects.toThrow(/Invalid token/);
  });

  it('hands out identities that cannot be changed by one request for the next', async () => {
    const verify = verifier();
    const bearer = `Bearer ${await token({ sub: 'agent-9', roles: ['AGENT'] })}`;
    const identity = await verify(bearer);
    expect(() => (identity.roles as string[]).push('ADMIN')).toThrow();
    expect((await verify(bearer)).roles).toEqual(['AGENT']);
  });
});

describe('ExpiringCache', () => {
  it('returns an entry strictly before its expiry only', () => {
    const cache = new ExpiringCache<string>(10);
    cache.set('a', 'value', 1_000);
    expect(cache.get('a', 999)).toBe('value');
    expect(cache.get('a', 1_000)).toBeUndefined();
    expect(cache.get('a', 500)).toBeUndefined(); // dropped when read expired
  });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new ExpiringCache<number>(2);
    cache.set('a', 1, 10_000);
    cache.set('b', 2, 10_000);
    expect(cache.get('a', 0)).toBe(1); // a is now the most recently used
    cache.set('c', 3, 10_000);
    expect(cache.size).toBe(2);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBe(1);
    expect(cache.get('c', 0)).toBe(3);
  });
});
