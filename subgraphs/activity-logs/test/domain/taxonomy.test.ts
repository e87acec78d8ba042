import { describe, expect, it } from 'vitest';
import { defineCustomEventType, EventTaxonomy } from '../../src/domain/taxonomy.js';

describe('EventTaxonomy', () => {
  const taxonomy = new EventTaxonomy();

  it('maps built-in types to a category and an OCSF class', () => {
    const failed = taxonomy.resolve('user.authentication.failed');
    expect(failed).toMatchObject({
      ok: true,
      definition: { category: 'FAILURE', ocsf: { classUid: 3002, activityId: 1 }, fixedOutcome: 'FAILURE' },
    });
    expect(taxonomy.resolve('user.account.lock')).toMatchObject({
      ok: true,
      definition: { category: 'SECURITY', ocsf: { classUid: 3001, activityId: 9 } },
    });
    expect(taxonomy.resolve('transaction.payment.created')).toMatchObject({ ok: true, definition: { category: 'TRANSACTION' } });
  });

  it('classifies family members by their prefix', () => {
    expect(taxonomy.resolve('agent.action.case.status_changed')).toMatchObject({
      ok: true,
      definition: { type: 'agent.action.case.status_changed', category: 'AGENT_ACTIVITY' },
    });
    expect(taxonomy.resolve('system.retention.purged')).toMatchObject({ ok: true, definition: { category: 'SYSTEM' } });
    expect(taxonomy.resolve('integration.app.granted')).toMatchObject({ ok: true, definition: { category: 'INTEGRATION' } });
  });

  it('rejects an unknown type and names the nearest known ones', () => {
    const result = taxonomy.resolve('user.authentication.fail');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.suggestions[0]).toBe('user.authentication.failed');
    expect(result.message).toContain('Nearest known types: user.authentication.failed');
  });

  it('rejects malformed names', () => {
    expect(taxonomy.resolve('User.Login').ok).toBe(false);
    expect(taxonomy.resolve('login').ok).toBe(false);
    expect(taxonomy.resolve(`a.${'b'.repeat(200)}`).ok).toBe(false);
  });

  it('accepts custom.* types only once the tenant registered them', () => {
    expect(taxonomy.resolve('custom.loyalty.points_redeemed')).toMatchObject({
      ok: false,
      message: expect.stringContaining('Register it first'),
    });
    const registered = defineCustomEventType('custom.loyalty.points_redeemed', 'TRANSACTION', 'Loyalty points redeemed');
    if (!registered.ok) throw new Error(registered.message);
    const tenantTaxonomy = new EventTaxonomy([registered.definition]);
    expect(tenantTaxonomy.resolve('custom.loyalty.points_redeemed')).toMatchObject({
      ok: true,
      definition: { category: 'TRANSACTION' },
    });
  });

  it('refuses custom types outside custom.*', () => {
    expect(defineCustomEventType('user.loyalty.x', 'USAGE', 'x').ok).toBe(false);
    expect(defineCustomEventType('custom.x.y', 'USAGE', '  ').ok).toBe(false);
  });
});
