import { describe, expect, it } from 'vitest';
import {
  defineCustomEventType,
  EventTaxonomy,
  EVENT_TYPE_FAMILIES,
  isVigilWrittenType,
  VIGIL_EVENT_TYPES,
  BUILT_IN_EVENT_TYPES,
} from '../src/index.js';

describe('EventTaxonomy', () => {
  const taxonomy = new EventTaxonomy();

  it('maps built-in types to a category and an OCSF class', () => {
    const failed = taxonomy.resolve('user.authentication.failed', 'CLIENT');
    expect(failed).toMatchObject({
      ok: true,
      definition: { category: 'FAILURE', ocsf: { classUid: 3002, activityId: 1 }, fixedOutcome: 'FAILURE' },
    });
    expect(taxonomy.resolve('user.account.lock', 'CLIENT')).toMatchObject({
      ok: true,
      definition: { category: 'SECURITY', ocsf: { classUid: 3001, activityId: 9 } },
    });
    expect(taxonomy.resolve('transaction.payment.created', 'CLIENT')).toMatchObject({
      ok: true,
      definition: { category: 'TRANSACTION' },
    });
  });

  it('classifies family members by their prefix', () => {
    expect(taxonomy.resolve('agent.action.case.status_changed', 'VIGIL')).toMatchObject({
      ok: true,
      definition: { type: 'agent.action.case.status_changed', category: 'AGENT_ACTIVITY', writer: 'VIGIL' },
    });
    expect(taxonomy.resolve('system.retention.purged', 'VIGIL')).toMatchObject({ ok: true, definition: { category: 'SYSTEM' } });
    expect(taxonomy.resolve('integration.app.granted', 'CLIENT')).toMatchObject({
      ok: true,
      definition: { category: 'INTEGRATION' },
    });
  });

  it('rejects an unknown type and names the nearest known ones', () => {
    const result = taxonomy.resolve('user.authentication.fail', 'CLIENT');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.suggestions[0]).toBe('user.authentication.failed');
    expect(result.message).toContain('Nearest known types: user.authentication.failed');
  });

  it('rejects malformed names', () => {
    expect(taxonomy.resolve('User.Login', 'CLIENT').ok).toBe(false);
    expect(taxonomy.resolve('login', 'CLIENT').ok).toBe(false);
    expect(taxonomy.resolve(`a.${'b'.repeat(200)}`, 'CLIENT').ok).toBe(false);
  });

  it('accepts custom.* types only once the tenant registered them', () => {
    expect(taxonomy.resolve('custom.loyalty.points_redeemed', 'CLIENT')).toMatchObject({
      ok: false,
      message: expect.stringContaining('Register it first'),
    });
    const registered = defineCustomEventType('custom.loyalty.points_redeemed', 'TRANSACTION', 'Loyalty points redeemed');
    if (!registered.ok) throw new Error(registered.message);
    const tenantTaxonomy = new EventTaxonomy([registered.definition]);
    expect(tenantTaxonomy.resolve('custom.loyalty.points_redeemed', 'CLIENT')).toMatchObject({
      ok: true,
      definition: { category: 'TRANSACTION' },
    });
  });

  it('refuses custom types outside custom.*', () => {
    expect(defineCustomEventType('user.loyalty.x', 'USAGE', 'x').ok).toBe(false);
    expect(defineCustomEventType('custom.x.y', 'USAGE', '  ').ok).toBe(false);
  });

  describe('types only Vigil writes', () => {
    const reserved = [
      ['erasure', VIGIL_EVENT_TYPES.accountErased, 'system.*'],
      ['retention purge', VIGIL_EVENT_TYPES.retentionPurged, 'system.*'],
      ['administrator action', 'system.admin.role_granted', 'system.*'],
      ['any other system event', 'system.checkpoint.signed', 'system.*'],
      ['agent action', 'agent.action.case.opened', 'agent.action.*'],
    ] as const;

    it.each(reserved)('refuses a client the %s type %s, naming the family', (_family, type, pattern) => {
      const result = taxonomy.resolve(type, 'CLIENT');
      expect(result).toMatchObject({ ok: false, reason: 'RESERVED' });
      if (result.ok) return;
      expect(result.message).toContain(`"${type}" is reserved`);
      expect(result.message).toContain(pattern);
      expect(isVigilWrittenType(type)).toBe(true);
    });

    it.each(reserved)('lets Vigil itself write the %s type %s', (_family, type) => {
      expect(taxonomy.resolve(type, 'VIGIL')).toMatchObject({ ok: true, definition: { type, writer: 'VIGIL' } });
    });

    it('marks every built-in and the integration family as client-writable, system and agent families as Vigil-only', () => {
      expect(BUILT_IN_EVENT_TYPES.every((definition) => definition.writer === 'CLIENT')).toBe(true);
      expect(Object.fromEntries(EVENT_TYPE_FAMILIES.map((family) => [family.type, family.writer]))).toEqual({
        'agent.action.*': 'VIGIL',
        'system.*': 'VIGIL',
        'integration.*': 'CLIENT',
      });
    });

    it('never suggests a reserved type to a client', () => {
      const result = taxonomy.resolve('system.retention.purge', 'CLIENT');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.suggestions.some((type) => isVigilWrittenType(type))).toBe(false);
    });
  });
});
