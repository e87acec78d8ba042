import { describe, expect, it } from 'vitest';
import { DomainError, refusedTransition } from '../src/domain/domain-error.js';
import { requireTenantAccess } from '../src/domain/tenant-access.js';

const identity = { subject: 'agent-1', roles: ['AGENT' as const], tenantIds: ['demo'], expiresAt: 0 };

describe('requireTenantAccess (application code refuses with DomainErrors only)', () => {
  it('passes for a tenant of the caller and answers FORBIDDEN, as a DomainError, for any other', () => {
    expect(() => requireTenantAccess(identity, 'demo')).not.toThrow();
    let refused: unknown;
    try {
      requireTenantAccess(identity, 'acme');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'FORBIDDEN', message: 'You have no access to tenant "acme".' });
  });
});

describe('refusedTransition (default wording)', () => {
  it('names the entity with the article its first letter needs', () => {
    expect(refusedTransition('alert', 'RESOLVED', 'OPEN', []).message).toBe('An alert in RESOLVED cannot move to OPEN.');
    expect(refusedTransition('audit-only finding', 'OPEN', 'RESOLVED', []).message).toBe(
      'An audit-only finding in OPEN cannot move to RESOLVED.',
    );
    expect(refusedTransition('recovery case', 'CLOSED', 'IN_REVIEW', ['REOPENED']).message).toBe(
      'A recovery case in CLOSED cannot move to IN_REVIEW.',
    );
  });
});
