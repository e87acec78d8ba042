import type { ActivityRecordedPayload } from '@vigil/core';
import { prng } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import type { Detection } from '../../src/domain/finding.js';
import { RULE_IDS, type RuleId } from '../../src/domain/rule-catalog.js';
import { alertKeys, detect, ofRule } from '../support/engine.js';
import { InMemoryDetectionHistory } from '../support/in-memory-history.js';
import { at, failedLogin, successfulLogin } from '../support/events.js';
import { exampleActivity } from '../../src/domain/rules/examples.js';
import { ruleById } from '../../src/domain/rules/index.js';
import type { ExampleEvent } from '../../src/domain/rules/rule.js';

/**
 * Property-style: for every rule, an attack and a benign sequence are fed in order and in several seeded
 * random orders. Whatever the order, the attack raises the same alerts (one per suppression key) and the
 * benign sequence raises none — rules judge by event time, not arrival order.
 */

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

/** Window rules gather the same evidence for each alert whatever the order; baseline rules need not. */
const ORDER_DEPENDENT_EVIDENCE: ReadonlySet<RuleId> = new Set(['impossible-travel']);

/** A rule's own examples (data in its file) as bus payloads: fired in order, reversed and shuffled. */
function scenarioOf(ruleId: RuleId): {
  attack: ActivityRecordedPayload[];
  benign: ActivityRecordedPayload[];
  sameEvidence: boolean;
} {
  const { examples } = ruleById(ruleId);
  const payloads = (events: readonly ExampleEvent[], prefix: string) =>
    events.map((event, index) => exampleActivity(event, `${prefix}-${index}`) as ActivityRecordedPayload);
  return {
    attack: payloads(examples.fires, 'attack'),
    benign: payloads(examples.quiet, 'benign'),
    sameEvidence: !ORDER_DEPENDENT_EVIDENCE.has(ruleId),
  };
}

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
  for (const ruleId of RULE_IDS) {
    it(`${ruleId}: the attack in order, reversed and in ${SEEDS.length} seeded shuffles raises the same alert; benign never`, async () => {
      const scenario = scenarioOf(ruleId);
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

describe('a batch judged whole (ADR 102) raises what judging its events one by one raises', () => {
  for (const ruleId of RULE_IDS) {
    it(`${ruleId}: the attack as one batch, and shuffled in batches of 3, raises the same alert; benign never`, async () => {
      const scenario = scenarioOf(ruleId);
      const expectedKeys = alertKeys(await detect(scenario.attack), ruleId);
      const whole = await detect(scenario.attack, {}, new InMemoryDetectionHistory(), Date.now, scenario.attack.length);
      expect(alertKeys(whole, ruleId)).toEqual(expectedKeys);
      for (const seed of SEEDS) {
        const batches = await detect(shuffled(scenario.attack, seed), {}, new InMemoryDetectionHistory(), Date.now, 3);
        expect(alertKeys(batches, ruleId), `seed ${seed}`).toEqual(expectedKeys);
      }
      const benign = await detect(scenario.benign, {}, new InMemoryDetectionHistory(), Date.now, scenario.benign.length);
      expect(ofRule(benign, ruleId)).toEqual([]);
    });
  }

  it('ten failed logins in one batch give one brute-force detection, the one the tenth gives one by one', async () => {
    const events = range(10).map((i) => failedLogin(i));
    const oneByOne = ofRule(await detect(events), 'brute-force');
    const batch = ofRule(await detect(events, {}, new InMemoryDetectionHistory(), Date.now, 10), 'brute-force');
    expect(batch).toHaveLength(1);
    expect(batch).toEqual(oneByOne);
  });

  it('measures the lateness bound from the newest event of the batch, whatever the order inside it', async () => {
    const attack = range(10).map((i) => failedLogin(i));
    const muchNewer = failedLogin(3 * 1_440, 'acc-9');
    for (const batch of [
      [...attack, muchNewer],
      [muchNewer, ...attack],
    ]) {
      expect(ofRule(await detect(batch, {}, new InMemoryDetectionHistory(), Date.now, batch.length), 'brute-force')).toEqual([]);
    }
  });
});

describe('lateness bound (default 24 h behind the newest event of the tenant)', () => {
  const attack = range(10).map((i) => failedLogin(i));

  it('still judges events up to a day behind the newest one', async () => {
    const newer = failedLogin(23 * 60, 'acc-9');
    expect(ofRule(await detect([newer, ...attack]), 'brute-force').length).toBeGreaterThanOrEqual(1);
  });

  it('an event dated far in the future does not blind detection for the tenant', async () => {
    const forged = failedLogin(0, 'acc-9');
    const fromTheFuture = { ...forged, occurredAt: '2099-01-01T00:00:00.000Z' };
    const clock = () => Date.parse(at(30)); // the attack happened minutes ago
    const detections = await detect([fromTheFuture, ...attack], {}, new InMemoryDetectionHistory(), clock);
    expect(ofRule(detections, 'brute-force').length).toBeGreaterThanOrEqual(1);
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
