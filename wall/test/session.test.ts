import { describe, expect, it } from 'vitest';
import { sessionFromToken } from '../src/session.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: object) => `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.signature`;

describe('sessionFromToken', () => {
  it('reads subject, roles, tenants and expiry (a "Bearer " prefix is accepted)', () => {
    const exp = NOW / 1000 + 3600;
    const session = sessionFromToken(`Bearer ${jwt({ sub: 'agent-1', roles: ['AGENT'], tenants: ['demo'], exp })}`, NOW);
    expect(session).toMatchObject({ subject: 'agent-1', roles: ['AGENT'], tenants: ['demo'], expiresAt: exp * 1000 });
    expect(session.token.startsWith('Bearer')).toBe(false);
  });

  it('refuses an expired token, a token without exp, and text that is not a JWT', () => {
    expect(() => sessionFromToken(jwt({ sub: 'x', exp: NOW / 1000 - 1 }), NOW)).toThrow(/expired/);
    expect(() => sessionFromToken(jwt({ sub: 'x' }), NOW)).toThrow(/no expiry/);
    expect(() => sessionFromToken('hello', NOW)).toThrow(/not a JWT/);
    expect(() => sessionFromToken('a.!!!.c', NOW)).toThrow(/could not be read/);
    expect(() => sessionFromToken('a'.repeat(9_000), NOW)).toThrow(/too long/);
  });

  it('keeps only string roles and tenants', () => {
    const session = sessionFromToken(jwt({ exp: NOW / 1000 + 60, roles: ['AGENT', 7, null], tenants: 'demo' }), NOW);
    expect(session.roles).toEqual(['AGENT']);
    expect(session.tenants).toEqual([]);
  });
});
