import { describe, expect, it } from 'vitest';
import { detect, ofRule } from '../support/engine.js';
import { failedLogin, successfulLogin } from '../support/events.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('brute-force rule (≥ 10 failures, one account, one IP, 15 min)', () => {
  it('fires on the 10th failure within 15 minutes, with the evidence and counts', async () => {
    const events = range(10).map((i) => failedLogin(i));
    const fired = ofRule(await detect(events), 'brute-force');
    expect(fired).toHaveLength(1);
    const [alert] = fired;
    expect(alert?.severity).toBe('HIGH');
    expect(alert?.triggerEventId).toBe(events[9]?.eventId);
    expect(alert?.reasons.values).toMatchObject({ failedLogins: 10, ip: '198.51.100.7' });
    expect(alert?.reasons.thresholds).toEqual({ threshold: 10, windowMinutes: 15 });
    expect(alert?.reasons.evidenceEventIds).toEqual(events.map((event) => event.eventId));
    expect(alert?.suppressionKey).toBe('demo|brute-force|account:acc-1|ip:198.51.100.7');
  });

  it('does not fire for 9 failures, nor for 10 spread over more than 15 minutes', async () => {
    expect(ofRule(await detect(range(9).map((i) => failedLogin(i))), 'brute-force')).toEqual([]);
    expect(ofRule(await detect(range(10).map((i) => failedLogin(i * 2))), 'brute-force')).toEqual([]);
  });

  it('does not fire for 10 failures split across two IPs', async () => {
    const events = range(10).map((i) => failedLogin(i, 'acc-1', i % 2 === 0 ? '198.51.100.7' : '198.51.100.8'));
    expect(ofRule(await detect(events), 'brute-force')).toEqual([]);
  });

  it('counts a redelivered event once', async () => {
    const events = range(9).map((i) => failedLogin(i));
    const redelivered = [...events, events[8]!, events[8]!];
    expect(ofRule(await detect(redelivered), 'brute-force')).toEqual([]);
  });

  it('is not hidden by the tenant allowlist (office NAT), only by its own; honours a tenant threshold override', async () => {
    const events = range(10).map((i) => failedLogin(i));
    // One attacker behind the office NAT hammering one account is still brute force.
    expect(ofRule(await detect(events, { ipAllowlist: ['198.51.100.0/24'] }), 'brute-force')).toHaveLength(1);
    const ruleOwn = { overrides: [{ ruleId: 'brute-force', ipAllowlist: ['198.51.100.0/24'] }] };
    expect(ofRule(await detect(events, ruleOwn), 'brute-force')).toEqual([]);
    const tuned = await detect(
      range(5).map((i) => failedLogin(i)),
      {
        overrides: [{ ruleId: 'brute-force', params: { threshold: 5 }, severity: 'CRITICAL' }],
      },
    );
    expect(ofRule(tuned, 'brute-force').map((d) => d.severity)).toEqual(['CRITICAL']);
  });

  it('is silent when disabled and reports AUDIT_ONLY mode when the tenant chose it', async () => {
    const events = range(10).map((i) => failedLogin(i));
    expect(ofRule(await detect(events, { overrides: [{ ruleId: 'brute-force', enabled: false }] }), 'brute-force')).toEqual([]);
    const audited = ofRule(await detect(events, { overrides: [{ ruleId: 'brute-force', mode: 'AUDIT_ONLY' }] }), 'brute-force');
    expect(audited.map((d) => d.mode)).toEqual(['AUDIT_ONLY']);
  });
});

describe('account-brute-force rule (≥ 30 failures, one account, any IPs, 12 h)', () => {
  it('fires at 30 failures from rotating IPs over 12 hours', async () => {
    const events = range(30).map((i) => failedLogin(i * 20, 'acc-1', `198.51.100.${i + 1}`));
    const fired = ofRule(await detect(events), 'account-brute-force');
    expect(fired).toHaveLength(1);
    expect(fired[0]?.reasons.values).toMatchObject({ failedLogins: 30, distinctIps: 30 });
    expect(ofRule(await detect(events), 'brute-force')).toEqual([]);
  });

  it('does not fire at 29 failures, or when they span more than 12 hours', async () => {
    expect(
      ofRule(await detect(range(29).map((i) => failedLogin(i * 20, 'acc-1', `198.51.100.${i + 1}`))), 'account-brute-force'),
    ).toEqual([]);
    expect(
      ofRule(await detect(range(30).map((i) => failedLogin(i * 30, 'acc-1', `198.51.100.${i + 1}`))), 'account-brute-force'),
    ).toEqual([]);
  });
});

describe('password-spray rule (one IP, ≥ 10 accounts, few tries each, 5 min)', () => {
  it('fires when one IP fails against 10 accounts within 5 minutes', async () => {
    const events = range(10).map((i) => failedLogin(i * 0.4, `acc-${i}`, '192.0.2.66'));
    const fired = ofRule(await detect(events), 'password-spray');
    expect(fired).toHaveLength(1);
    expect(fired[0]?.accountId).toBeUndefined();
    expect(fired[0]?.relatedAccountIds).toHaveLength(10);
    expect(fired[0]?.groupKey).toBe('ip:192.0.2.66');
  });

  it('does not fire for 9 accounts, or for 10 accounts over 10 minutes', async () => {
    expect(ofRule(await detect(range(9).map((i) => failedLogin(i * 0.4, `acc-${i}`, '192.0.2.66'))), 'password-spray')).toEqual(
      [],
    );
    expect(ofRule(await detect(range(10).map((i) => failedLogin(i, `acc-${i}`, '192.0.2.66'))), 'password-spray')).toEqual([]);
  });

  it('does not count accounts hammered many times (that is brute force)', async () => {
    const hammered = range(10).flatMap((i) => range(6).map(() => failedLogin(i * 0.4, `acc-${i}`, '192.0.2.66')));
    expect(ofRule(await detect(hammered), 'password-spray')).toEqual([]);
  });
});

describe('credential-stuffing rule (one IP, ≥ 15 accounts, ≤ 2 tries each, ≥ 25 attempts, 1 h)', () => {
  it('fires once the 15th account is tried, with ≥ 25 attempts in the hour', async () => {
    const events = range(15).flatMap((i) => [
      failedLogin(i * 3, `acc-${i}`, '192.0.2.99'),
      failedLogin(i * 3 + 1, `acc-${i}`, '192.0.2.99'),
    ]);
    const fired = ofRule(await detect(events), 'credential-stuffing');
    // The 29th attempt is the first try on the 15th account; the 30th fires again (the alert store suppresses it).
    expect(fired.map((d) => d.triggerEventId)).toEqual([events[28]?.eventId, events[29]?.eventId]);
    expect(fired[0]?.reasons.values).toMatchObject({ attempts: 29, distinctAccounts: 15, accountsWithFewTries: 15 });
  });

  it('does not fire for 15 accounts tried once each (15 attempts < 25)', async () => {
    const events = range(15).map((i) => failedLogin(i * 3, `acc-${i}`, '192.0.2.99'));
    expect(ofRule(await detect(events), 'credential-stuffing')).toEqual([]);
  });
});

describe('success-after-attack rule (success within 3 h of a credential attack alert)', () => {
  it('fires CRITICAL when the attacked account logs in 2 hours after a brute-force alert', async () => {
    const attack = range(10).map((i) => failedLogin(i));
    const fired = ofRule(await detect([...attack, successfulLogin(130)]), 'success-after-attack');
    expect(fired).toHaveLength(1);
    expect(fired[0]?.severity).toBe('CRITICAL');
    expect(fired[0]?.reasons.values).toMatchObject({ attackRuleId: 'brute-force', minutesAfterAttack: 121 });
  });

  it('fires for an account that was one of the targets of a password spray', async () => {
    const spray = range(10).map((i) => failedLogin(i * 0.4, `acc-${i}`, '192.0.2.66'));
    const fired = ofRule(await detect([...spray, successfulLogin(10, { accountId: 'acc-3' })]), 'success-after-attack');
    expect(fired.map((d) => d.accountId)).toEqual(['acc-3']);
  });

  it('does not fire 4 hours later, nor for an account that was not attacked', async () => {
    const attack = range(10).map((i) => failedLogin(i));
    expect(ofRule(await detect([...attack, successfulLogin(250)]), 'success-after-attack')).toEqual([]);
    expect(ofRule(await detect([...attack, successfulLogin(30, { accountId: 'acc-2' })]), 'success-after-attack')).toEqual([]);
  });
});
