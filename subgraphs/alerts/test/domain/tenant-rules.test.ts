import { describe, expect, it } from 'vitest';
import { IpAllowlist } from '../../src/domain/ip-allowlist.js';
import { RULE_IDS } from '../../src/domain/rule-catalog.js';
import { DEFAULT_RULES, RULES } from '../../src/domain/rules/index.js';
import {
  InvalidRuleOverrideError,
  resolveTenantRules,
  countProblems,
  parametersByName,
  validateDetectionSettings,
  type TenantDetectionSettings,
} from '../../src/domain/tenant-rules.js';

describe('tenant rule settings', () => {
  it('has one default and one evaluator for every rule id', () => {
    expect(DEFAULT_RULES.map((rule) => rule.id)).toEqual([...RULE_IDS]);
    expect(RULES.map((rule) => rule.definition.id).sort()).toEqual([...RULE_IDS].sort());
  });

  it('merges overrides over the defaults and leaves other rules alone', () => {
    const set = resolveTenantRules({
      tenantId: 'acme',
      ipAllowlist: ['203.0.113.0/24'],
      overrides: [{ ruleId: 'brute-force', params: { windowMinutes: 30 }, mode: 'AUDIT_ONLY' }],
    });
    expect(set.rules.get('brute-force')).toMatchObject({
      params: { threshold: 10, windowMinutes: 30 },
      mode: 'AUDIT_ONLY',
      severity: 'HIGH',
    });
    expect(set.rules.get('password-spray')?.mode).toBe('ALERT');
  });

  it('rejects unknown rules, unknown or non-positive parameters and bad CIDRs, listing every problem', () => {
    const attempt = () =>
      resolveTenantRules({
        tenantId: 'acme',
        ipAllowlist: ['10.0.0.0/33', 'office'],
        overrides: [{ ruleId: 'brute-force', params: { threshold: 0, treshold: 5 } }, { ruleId: 'no-such-rule' }],
      });
    expect(attempt).toThrow(InvalidRuleOverrideError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidRuleOverrideError).problems).toHaveLength(5);
    }
  });
});

describe('counts a rule could never reach', () => {
  it('names each counted parameter past its read, and only counted ones; detection still resolves stored settings with one', () => {
    const settings: TenantDetectionSettings = {
      tenantId: 'acme',
      ipAllowlist: [],
      overrides: [
        {
          ruleId: 'credential-stuffing',
          params: { minAttempts: 6_000, distinctAccounts: 5_000, windowMinutes: 90_000 },
        },
        { ruleId: 'recovery-abuse', params: { casesPerAccount: 5_001 } },
      ],
    };
    expect(countProblems(settings)).toEqual([
      'credential-stuffing: parameter "minAttempts" counts events of one read, which holds at most 5000: 6000 could never be reached',
      'recovery-abuse: parameter "casesPerAccount" counts events of one read, which holds at most 5000: 5001 could never be reached',
    ]);
    // Saved before the check existed: refused on the next save, never a reason to stop judging the tenant's events.
    expect(resolveTenantRules(settings).rules.get('credential-stuffing')?.params.minAttempts).toBe(6_000);
    // Every counted parameter is one the rule has.
    for (const rule of DEFAULT_RULES) {
      for (const key of Object.keys(rule.countedParams ?? {})) expect(rule.params, `${rule.id}.${key}`).toHaveProperty(key);
    }
  });
});

describe('rule parameters by name', () => {
  it('names a parameter given twice, and keeps a name like "__proto__" a parameter (refused as unknown)', () => {
    const twice = parametersByName('brute-force', [
      { name: 'threshold', value: 3 },
      { name: 'threshold', value: 30 },
    ]);
    expect(twice.problems).toEqual(['brute-force: parameter "threshold" is given twice']);
    const hostile = parametersByName('brute-force', [{ name: '__proto__', value: 1 }]);
    expect(hostile.problems).toEqual([]);
    expect(Object.getPrototypeOf(hostile.params)).toBe(Object.prototype);
    expect(
      validateDetectionSettings({
        tenantId: 'acme',
        ipAllowlist: [],
        overrides: [{ ruleId: 'brute-force', params: hostile.params }],
      }),
    ).toEqual(['brute-force: unknown parameter "__proto__" (known: threshold, windowMinutes)']);
  });
});

describe('IP allowlist', () => {
  it('matches IPv4 and IPv6 CIDRs and single addresses, and nothing else', () => {
    const allowlist = new IpAllowlist(['203.0.113.0/24', '2001:db8::/32', '198.51.100.7']);
    expect(allowlist.contains('203.0.113.200')).toBe(true);
    expect(allowlist.contains('2001:db8::1')).toBe(true);
    expect(allowlist.contains('198.51.100.7')).toBe(true);
    expect(allowlist.contains('198.51.100.8')).toBe(false);
    expect(allowlist.contains('203.0.114.1')).toBe(false);
    expect(allowlist.contains(undefined)).toBe(false);
    expect(allowlist.contains('not-an-ip')).toBe(false);
  });
});
