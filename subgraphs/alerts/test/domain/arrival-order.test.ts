import type { ActivityRecordedPayload } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import type { Detection } from '../../src/domain/finding.js';
import { RULE_IDS, type RuleId } from '../../src/domain/rule-catalog.js';
import { alertKeys, detect, ofRule } from '../support/engine.js';
import { activity, at, failedLogin, successfulLogin } from '../support/events.js';

/**
 * Property-style: for every rule, an attack and a benign sequence are fed in order and in several seeded
 * random orders. Whatever the order, the attack raises the same alerts (one per suppression key) and the
 * benign sequence raises none — rules judge by event time, not arrival order.
 */

/** mulberry32: small, seeded, reproducible. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = prng(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

const SEEDS = [1, 7, 42, 1234, 99_991];
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const mfaDenied = (minute: number) =>
  activity({ type: 'user.mfa.okta_verify.deny_push', outcome: 'FAILURE', occurredAt: at(minute) });
const resetRequest = (minute: number) =>
  activity({ type: 'user.account.password_reset.requested', occurredAt: at(minute), category: 'security' });
const verificationFailed = (minute: number, caseId: string) =>
  activity({ type: 'recovery.verification.failed', outcome: 'FAILURE', occurredAt: at(minute), metadata: { caseId } });
const contactChange = (minute: number, field: 'email' | 'phone' | 'address') =>
  activity({ type: `account.contact.${field}_changed`, occurredAt: at(minute), category: 'account_update' });
const payment = (minute: number, amount: number) =>
  activity({ type: 'transaction.payment.created', occurredAt: at(minute), metadata: { amount } });
const usualLogin = (minute: number) => successfulLogin(minute, { deviceId: 'laptop', geo: { country: 'GB' } });
const paris = { country: 'FR', lat: 48.8566, lon: 2.3522 };
const newYork = { country: 'US', lat: 40.7128, lon: -74.006 };
const lyon = { country: 'FR', lat: 45.764, lon: 4.8357 };

interface Scenario {
  readonly attack: readonly ActivityRecordedPayload[];
  readonly benign: readonly ActivityRecordedPayload[];
  /** Window rules: the evidence gathered for each alert is the same whatever the order. */
  readonly sameEvidence: boolean;
}

const SCENARIOS: Record<RuleId, () => Scenario> = {
  'brute-force': () => ({
    attack: [...range(11).map((i) => failedLogin(i)), failedLogin(3, 'acc-2')],
    benign: [...range(9).map((i) => failedLogin(i)), ...range(5).map((i) => failedLogin(i, 'acc-1', '198.51.100.8'))],
    sameEvidence: true,
  }),
  'account-brute-force': () => ({
    attack: range(31).map((i) => failedLogin(i * 20, 'acc-1', `198.51.100.${i + 1}`)),
    benign: range(29).map((i) => failedLogin(i * 20, 'acc-1', `198.51.100.${i + 1}`)),
    sameEvidence: true,
  }),
  'password-spray': () => ({
    attack: range(12).map((i) => failedLogin(i * 0.3, `acc-${i}`, '192.0.2.66')),
    benign: [
      ...range(9).map((i) => failedLogin(i * 0.3, `acc-${i}`, '192.0.2.66')),
      ...range(9).map((i) => failedLogin(20 + i, `acc-${i + 20}`, '192.0.2.66')),
    ],
    sameEvidence: true,
  }),
  'credential-stuffing': () => ({
    attack: range(15).flatMap((i) => [
      failedLogin(i * 3, `acc-${i}`, '192.0.2.99'),
      failedLogin(i * 3 + 1, `acc-${i}`, '192.0.2.99'),
    ]),
    benign: range(14).flatMap((i) => [
      failedLogin(i * 3, `acc-${i}`, '192.0.2.99'),
      failedLogin(i * 3 + 1, `acc-${i}`, '192.0.2.99'),
    ]),
    sameEvidence: true,
  }),
  'success-after-attack': () => ({
    attack: [...range(10).map((i) => failedLogin(i)), successfulLogin(30)],
    // The login is before the attack, or long after the window (3 h).
    benign: [successfulLogin(-5), ...range(10).map((i) => failedLogin(i)), successfulLogin(9 + 200)],
    sameEvidence: true,
  }),
  'mfa-fatigue': () => ({
    attack: [...range(6).map((i) => mfaDenied(i)), successfulLogin(7)],
    benign: [...range(4).map((i) => mfaDenied(i)), successfulLogin(5), ...range(4).map((i) => mfaDenied(30 + i * 4))],
    sameEvidence: true,
  }),
  'impossible-travel': () => ({
    attack: [successfulLogin(0, { geo: paris }), successfulLogin(60, { geo: newYork })],
    benign: [successfulLogin(0, { geo: paris }), successfulLogin(300, { geo: lyon }), successfulLogin(600, { geo: paris })],
    sameEvidence: false,
  }),
  'new-device-or-country': () => ({
    attack: [...range(10).map((i) => usualLogin(i * 60)), successfulLogin(700, { deviceId: 'phone-x', geo: { country: 'BR' } })],
    benign: [...range(10).map((i) => usualLogin(i * 60)), usualLogin(700)],
    sameEvidence: true,
  }),
  'takeover-chain': () => ({
    attack: [
      activity({ type: 'user.account.password_reset.completed', occurredAt: at(0) }),
      activity({ type: 'security.device.added', occurredAt: at(30), deviceId: 'attacker-phone' }),
      contactChange(60, 'email'),
    ],
    benign: [
      activity({ type: 'user.account.password_reset.completed', occurredAt: at(0) }),
      activity({ type: 'security.device.added', occurredAt: at(30), deviceId: 'new-phone' }),
    ],
    sameEvidence: true,
  }),
  'reset-flood': () => ({
    attack: range(6).map((i) => resetRequest(i * 5)),
    benign: [...range(4).map((i) => resetRequest(i * 5)), resetRequest(120)],
    sameEvidence: true,
  }),
  'recovery-abuse': () => ({
    attack: range(3).map((i) => verificationFailed(i * 10, 'case-1')),
    benign: [verificationFailed(0, 'case-1'), verificationFailed(10, 'case-1'), verificationFailed(20, 'case-2')],
    sameEvidence: true,
  }),
  'rapid-profile-changes': () => ({
    attack: [contactChange(0, 'email'), contactChange(10, 'phone'), contactChange(20, 'address')],
    benign: [contactChange(0, 'email'), contactChange(10, 'phone'), contactChange(200, 'address')],
    sameEvidence: true,
  }),
  'unusual-transaction': () => ({
    attack: [...range(10).map((i) => payment(i * 60, 100 + (i % 3))), payment(900, 10_000)],
    benign: range(11).map((i) => payment(i * 60, 100 + (i % 3))),
    sameEvidence: true,
  }),
  'third-party-grant': () => ({
    attack: [activity({ type: 'integration.access.granted', metadata: { appName: 'Budgetly', scopes: ['read'] } })],
    benign: [activity({ type: 'integration.access.granted', outcome: 'FAILURE', metadata: { appName: 'Budgetly' } })],
    sameEvidence: true,
  }),
  'third-party-denied': () => ({
    attack: [activity({ type: 'integration.access.denied', metadata: { appName: 'Budgetly', scopes: ['write'] } })],
    benign: [activity({ type: 'integration.access.granted', metadata: { appName: 'Budgetly', scopes: ['read'] } })],
    sameEvidence: true,
  }),
};

/** Per suppression key (one alert), the evidence every detection of it gathered. */
function evidenceByAlert(detections: readonly Detection[]): Record<string, string[]> {
  const byKey: Record<string, Set<string>> = {};
  for (const detection of detections) {
    const set = (byKey[detection.suppressionKey] ??= new Set());
    for (const id of detection.reasons.evidenceEventIds) set.add(id);
  }
  return Object.fromEntries(Object.entries(byKey).map(([key, ids]) => [key, [...ids].sort()]));
}

describe('rules judge by event time: any arrival order raises the same alerts', () => {
  it('has a scenario for every rule in the catalog', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual([...RULE_IDS].sort());
  });

  for (const ruleId of RULE_IDS) {
    it(`${ruleId}: the attack in order, reversed and in ${SEEDS.length} seeded shuffles raises the same alert; benign never`, async () => {
      const scenario = SCENARIOS[ruleId]();
      const inOrder = await detect(scenario.attack);
      const expectedKeys = alertKeys(inOrder, ruleId);
      expect(expectedKeys.length).toBeGreaterThanOrEqual(1);
      const orders = [[...scenario.attack].reverse(), ...SEEDS.map((seed) => shuffled(scenario.attack, seed))];
      for (const order of orders) {
        const detections = await detect(order);
        expect(alertKeys(detections, ruleId), `order ${order.map((e) => e.eventId).join(',')}`).toEqual(expectedKeys);
        if (scenario.sameEvidence) {
          expect(evidenceByAlert(ofRule(detections, ruleId))).toEqual(evidenceByAlert(ofRule(inOrder, ruleId)));
        }
      }
      for (const order of [
        scenario.benign,
        [...scenario.benign].reverse(),
        ...SEEDS.map((seed) => shuffled(scenario.benign, seed)),
      ]) {
        expect(ofRule(await detect(order), ruleId)).toEqual([]);
      }
    });
  }

  it('brute force sent newest first in one batch raises the alert (the shipper reversed the batch)', async () => {
    const events = range(10).map((i) => failedLogin(i));
    const fired = ofRule(await detect([...events].reverse()), 'brute-force');
    expect(fired.length).toBeGreaterThanOrEqual(1);
    expect(new Set(fired.map((d) => d.suppressionKey)).size).toBe(1);
    // It fired at the 10th failure in event time, whichever event arrived last.
    expect(fired.every((d) => d.detectedAt.toISOString() === at(9))).toBe(true);
  });
});

describe('lateness bound (default 24 h behind the newest event of the tenant)', () => {
  const attack = range(10).map((i) => failedLogin(i));

  it('still judges events up to a day behind the newest one', async () => {
    const newer = failedLogin(23 * 60, 'acc-9');
    expect(ofRule(await detect([newer, ...attack]), 'brute-force').length).toBeGreaterThanOrEqual(1);
  });

  it('does not judge events further behind than the bound; a tenant can widen it', async () => {
    const muchNewer = failedLogin(3 * 1_440, 'acc-9');
    expect(ofRule(await detect([muchNewer, ...attack]), 'brute-force')).toEqual([]);
    const widened = await detect([muchNewer, ...attack], { latenessMinutes: 7 * 1_440 });
    expect(ofRule(widened, 'brute-force').length).toBeGreaterThanOrEqual(1);
  });
});

describe('growing credential-attack alerts', () => {
  it('a spray keeps linking accounts after the threshold, and a success on the 12th account is escalated', async () => {
    const spray = range(12).map((i) => failedLogin(i * 0.3, `acc-${i}`, '192.0.2.66'));
    const detections = await detect([...spray, successfulLogin(10, { accountId: 'acc-11' })]);
    const related = new Set(ofRule(detections, 'password-spray').flatMap((d) => d.relatedAccountIds));
    expect(related.size).toBe(12);
    expect(ofRule(detections, 'success-after-attack').map((d) => d.accountId)).toEqual(['acc-11']);
  });

  it('a success shipped before the spray that covers its account is escalated once the alert covers it', async () => {
    const spray = range(12).map((i) => failedLogin(i * 0.3, `acc-${i}`, '192.0.2.66'));
    const detections = await detect([successfulLogin(10, { accountId: 'acc-11' }), ...spray]);
    expect(ofRule(detections, 'success-after-attack').map((d) => [d.accountId, d.severity])).toEqual([['acc-11', 'CRITICAL']]);
  });
});
