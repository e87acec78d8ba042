import { describe, expect, it } from 'vitest';
import { detect, ofRule } from '../support/engine.js';
import { activity, at, successfulLogin } from '../support/events.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const mfaDenied = (minute: number) =>
  activity({ type: 'user.mfa.challenge.denied', outcome: 'FAILURE', occurredAt: at(minute), category: 'security' });

describe('mfa-fatigue rule (≥ 5 push denials in 10 min; CRITICAL if a login follows)', () => {
  it('fires HIGH on the 5th denial in 10 minutes', async () => {
    const fired = ofRule(await detect(range(5).map((i) => mfaDenied(i * 2))), 'mfa-fatigue');
    expect(fired.map((d) => [d.severity, d.reasons.values.pushDenials])).toEqual([['HIGH', 5]]);
  });

  it('fires CRITICAL, as its own alert, when a login succeeds right after the denials', async () => {
    const fired = ofRule(await detect([...range(5).map((i) => mfaDenied(i)), successfulLogin(6)]), 'mfa-fatigue');
    expect(fired.map((d) => d.severity)).toEqual(['HIGH', 'CRITICAL']);
    expect(fired[1]?.groupKey).not.toBe(fired[0]?.groupKey);
  });

  it('does not fire for 4 denials, or for 5 over 20 minutes', async () => {
    expect(ofRule(await detect([...range(4).map((i) => mfaDenied(i)), successfulLogin(5)]), 'mfa-fatigue')).toEqual([]);
    expect(ofRule(await detect(range(5).map((i) => mfaDenied(i * 5))), 'mfa-fatigue')).toEqual([]);
  });
});

describe('impossible-travel rule (> 805 km/h over > 500 km)', () => {
  const paris = { country: 'FR', lat: 48.8566, lon: 2.3522 };
  const newYork = { country: 'US', lat: 40.7128, lon: -74.006 };
  const lyon = { country: 'FR', lat: 45.764, lon: 4.8357 };

  it('fires for Paris then New York one hour later, with distance and speed', async () => {
    const fired = ofRule(
      await detect([successfulLogin(0, { geo: paris }), successfulLogin(60, { geo: newYork })]),
      'impossible-travel',
    );
    expect(fired).toHaveLength(1);
    const values = fired[0]?.reasons.values ?? {};
    expect(values.distanceKm).toBeGreaterThan(5_800);
    expect(values.distanceKm).toBeLessThan(5_900);
    expect(values.speedKmh).toBeGreaterThan(5_800);
    expect(values).toMatchObject({ fromCountry: 'FR', toCountry: 'US' });
  });

  it('does not fire for Paris then New York 10 hours later, nor Paris then Lyon (< 500 km) in 20 minutes', async () => {
    expect(
      ofRule(await detect([successfulLogin(0, { geo: paris }), successfulLogin(600, { geo: newYork })]), 'impossible-travel'),
    ).toEqual([]);
    expect(
      ofRule(await detect([successfulLogin(0, { geo: paris }), successfulLogin(20, { geo: lyon })]), 'impossible-travel'),
    ).toEqual([]);
  });

  it("ignores logins from the tenant's VPN egress range", async () => {
    const events = [successfulLogin(0, { geo: paris }), successfulLogin(60, { geo: newYork, ip: '10.8.0.4' })];
    expect(ofRule(await detect(events, { ipAllowlist: ['10.8.0.0/16'] }), 'impossible-travel')).toEqual([]);
  });
});

describe('new-device-or-country rule (baseline: 14 days or 10 logins)', () => {
  const usual = (minute: number) => successfulLogin(minute, { deviceId: 'laptop', geo: { country: 'GB' } });

  it('fires for a new device and a new country once 10 logins form the baseline', async () => {
    const events = [
      ...range(10).map((i) => usual(i * 60)),
      successfulLogin(700, { deviceId: 'phone-x', geo: { country: 'BR' } }),
    ];
    const fired = ofRule(await detect(events), 'new-device-or-country');
    expect(fired).toHaveLength(1);
    expect(fired[0]?.reasons.values).toMatchObject({ newDevice: 'yes', newCountry: 'BR', baselineLogins: 10 });
  });

  it('fires after 14 days even with few logins', async () => {
    const events = [usual(0), usual(60), successfulLogin(15 * 1_440, { deviceId: 'laptop', geo: { country: 'BR' } })];
    expect(ofRule(await detect(events), 'new-device-or-country').map((d) => d.reasons.values.newCountry)).toEqual(['BR']);
  });

  it('stays quiet while learning, and for the usual device and country', async () => {
    const learning = [
      ...range(5).map((i) => usual(i * 60)),
      successfulLogin(400, { deviceId: 'phone-x', geo: { country: 'BR' } }),
    ];
    expect(ofRule(await detect(learning), 'new-device-or-country')).toEqual([]);
    expect(ofRule(await detect(range(12).map((i) => usual(i * 60))), 'new-device-or-country')).toEqual([]);
  });
});

describe('takeover-chain rule (reset + new device + contact change within 24 h)', () => {
  const reset = (minute: number) =>
    activity({ type: 'user.account.password_reset.completed', occurredAt: at(minute), category: 'security' });
  const device = (minute: number) =>
    activity({ type: 'security.device.added', occurredAt: at(minute), category: 'security', deviceId: 'd-9' });
  const email = (minute: number) =>
    activity({ type: 'account.contact.email_changed', occurredAt: at(minute), category: 'account' });

  it('fires CRITICAL when the third step lands within 24 hours, in any order', async () => {
    const fired = ofRule(await detect([email(0), reset(300), device(1_300)]), 'takeover-chain');
    expect(fired.map((d) => d.severity)).toEqual(['CRITICAL']);
    expect(fired[0]?.reasons.evidenceEventIds).toHaveLength(3);
  });

  it('does not fire with a step missing, or with steps 25 hours apart', async () => {
    expect(ofRule(await detect([reset(0), device(10)]), 'takeover-chain')).toEqual([]);
    expect(ofRule(await detect([reset(0), device(10), email(1_500)]), 'takeover-chain')).toEqual([]);
  });
});

describe('reset-flood rule (≥ 5 reset/unlock requests in 60 min)', () => {
  const request = (minute: number, type = 'user.account.password_reset.requested') =>
    activity({ type, occurredAt: at(minute), category: 'security' });

  it('fires on the 5th reset or unlock request in an hour', async () => {
    const events = [request(0), request(10), request(20, 'user.account.unlock.requested'), request(30), request(40)];
    expect(ofRule(await detect(events), 'reset-flood').map((d) => d.reasons.values.requests)).toEqual([5]);
  });

  it('does not fire for 5 requests over 2 hours', async () => {
    expect(ofRule(await detect(range(5).map((i) => request(i * 30))), 'reset-flood')).toEqual([]);
  });
});

describe('recovery-abuse rule (≥ 3 failed verifications on a case, or ≥ 3 cases in 7 days)', () => {
  const failedVerification = (minute: number, caseId: string) =>
    activity({
      type: 'agent.action.verification.recorded',
      outcome: 'FAILURE',
      occurredAt: at(minute),
      category: 'agent',
      metadata: { caseId },
    });
  const caseOpened = (day: number, caseId: string) =>
    activity({ type: 'agent.action.case.opened', occurredAt: at(day * 1_440), category: 'agent', metadata: { caseId } });

  it('fires on the 3rd failed verification of one case', async () => {
    const fired = ofRule(
      await detect([failedVerification(0, 'c1'), failedVerification(5, 'c1'), failedVerification(9, 'c1')]),
      'recovery-abuse',
    );
    expect(fired.map((d) => d.groupKey)).toEqual(['case:c1']);
  });

  it('fires on the 3rd case for one account within 7 days', async () => {
    const fired = ofRule(await detect([caseOpened(0, 'c1'), caseOpened(3, 'c2'), caseOpened(6, 'c3')]), 'recovery-abuse');
    expect(fired.map((d) => d.reasons.values.recoveryCases)).toEqual([3]);
  });

  it('does not fire for failures spread over two cases, nor for 3 cases over 10 days', async () => {
    const spread = [failedVerification(0, 'c1'), failedVerification(5, 'c2'), failedVerification(9, 'c1')];
    expect(ofRule(await detect(spread), 'recovery-abuse')).toEqual([]);
    expect(ofRule(await detect([caseOpened(0, 'c1'), caseOpened(5, 'c2'), caseOpened(10, 'c3')]), 'recovery-abuse')).toEqual([]);
  });
});

describe('rapid-profile-changes rule (≥ 3 distinct fields in 1 h)', () => {
  const profile = (minute: number, changedFields: string[]) =>
    activity({ type: 'account.profile.updated', occurredAt: at(minute), category: 'account', metadata: { changedFields } });

  it('fires when address, email and phone change within the hour', async () => {
    const events = [
      profile(0, ['address']),
      activity({ type: 'account.contact.email_changed', occurredAt: at(10), category: 'account' }),
      activity({ type: 'account.contact.phone_changed', occurredAt: at(20), category: 'account' }),
    ];
    const fired = ofRule(await detect(events), 'rapid-profile-changes');
    expect(fired.map((d) => d.reasons.values.fields)).toEqual(['address,email,phone']);
  });

  it('does not fire for the same field changed three times, nor three fields over three hours', async () => {
    expect(
      ofRule(await detect([profile(0, ['name']), profile(5, ['name']), profile(9, ['name'])]), 'rapid-profile-changes'),
    ).toEqual([]);
    expect(
      ofRule(
        await detect([profile(0, ['name']), profile(90, ['address']), profile(180, ['birthDate'])]),
        'rapid-profile-changes',
      ),
    ).toEqual([]);
  });
});

describe('unusual-transaction rule (z-score ≥ 3 with ≥ 10 earlier transactions)', () => {
  const payment = (minute: number, amount: number) =>
    activity({ type: 'transaction.payment.created', occurredAt: at(minute), category: 'transaction', metadata: { amount } });
  const history = range(10).map((i) => payment(i * 60, 40 + (i % 3) * 10));

  it('fires for a payment far above the history, with the z-score in the reasons', async () => {
    const fired = ofRule(await detect([...history, payment(700, 900)]), 'unusual-transaction');
    expect(fired).toHaveLength(1);
    expect(Number(fired[0]?.reasons.values.zScore)).toBeGreaterThan(3);
    expect(fired[0]?.reasons.values).toMatchObject({ amount: 900, history: 10 });
  });

  it('does not fire for an ordinary amount, nor with too little history', async () => {
    expect(ofRule(await detect([...history, payment(700, 60)]), 'unusual-transaction')).toEqual([]);
    expect(ofRule(await detect([...history.slice(0, 9), payment(700, 900)]), 'unusual-transaction')).toEqual([]);
  });
});

describe('third-party-grant rule (any new grant; higher for broad scopes)', () => {
  const grant = (scopes: string[]) =>
    activity({ type: 'integration.consent.granted', category: 'integration', metadata: { appName: 'BudgetBuddy', scopes } });

  it('raises MEDIUM for a narrow grant and HIGH for broad scopes', async () => {
    const narrow = ofRule(await detect([grant(['profile:read'])]), 'third-party-grant');
    const broad = ofRule(await detect([grant(['profile:read', 'offline_access', 'payments'])]), 'third-party-grant');
    expect(narrow.map((d) => d.severity)).toEqual(['MEDIUM']);
    expect(broad.map((d) => [d.severity, d.reasons.values.broadScopes])).toEqual([['HIGH', 'offline_access payments']]);
  });

  it('does not fire for a denied grant or an unrelated event', async () => {
    const denied = activity({ type: 'integration.consent.granted', outcome: 'FAILURE', category: 'integration' });
    expect(
      ofRule(await detect([denied, activity({ type: 'usage.feature.used', category: 'usage' })]), 'third-party-grant'),
    ).toEqual([]);
  });
});

describe('third-party-denied rule (the customer refused an access request)', () => {
  it('raises HIGH for a denial and nothing for other integration events', async () => {
    const denied = activity({
      type: 'integration.access.denied',
      category: 'integration',
      metadata: { appName: 'QuickLoans', scopes: ['payments'] },
    });
    expect(ofRule(await detect([denied]), 'third-party-denied').map((d) => [d.severity, d.reasons.values.app])).toEqual([
      ['HIGH', 'QuickLoans'],
    ]);
    expect(
      ofRule(await detect([activity({ type: 'integration.api_key.created', category: 'integration' })]), 'third-party-denied'),
    ).toEqual([]);
  });
});
