import { describe, expect, it } from 'vitest';
import { identityFromClaims, InvalidClaimsError } from '../src/index.js';

describe('identityFromClaims', () => {
  it('maps sub, roles, tenants and exp', () => {
    expect(
      identityFromClaims({ sub: 'agent-1', roles: ['AGENT', 'AUDITOR'], tenants: ['demo', 'acme'], exp: 1_900_000_000 }),
    ).toEqual({
      subject: 'agent-1',
      roles: ['AGENT', 'AUDITOR'],
      tenantIds: ['demo', 'acme'],
      expiresAt: 1_900_000_000,
    });
  });

  it('drops unknown roles, duplicates, the * tenant and non-string entries', () => {
    const identity = identityFromClaims({
      sub: 's',
      roles: ['ROOT', 'AGENT', 'AGENT', 7],
      tenants: ['*', 'demo', '', 3],
      exp: 1,
    });
    expect(identity.roles).toEqual(['AGENT']);
    expect(identity.tenantIds).toEqual(['demo']);
  });

  it('treats missing roles and tenants as none', () => {
    expect(identityFromClaims({ sub: 's', exp: 1 })).toMatchObject({ roles: [], tenantIds: [] });
  });

  it('requires sub and a numeric exp', () => {
    expect(() => identityFromClaims({ roles: ['AGENT'], exp: 1 })).toThrow(InvalidClaimsError);
    expect(() => identityFromClaims({ sub: '', exp: 1 })).toThrow(/sub/);
    expect(() => identityFromClaims({ sub: 's' })).toThrow(/exp/);
    expect(() => identityFromClaims({ sub: 's', exp: '1' })).toThrow(/exp/);
  });

  it('rejects roles or tenants that are not arrays', () => {
    expect(() => identityFromClaims({ sub: 's', exp: 1, roles: 'ADMIN' })).toThrow(InvalidClaimsError);
    expect(() => identityFromClaims({ sub: 's', exp: 1, tenants: { demo: true } })).toThrow(InvalidClaimsError);
  });
});
