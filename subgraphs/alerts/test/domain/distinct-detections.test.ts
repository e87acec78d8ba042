import { describe, expect, it } from 'vitest';
import { distinct } from '../../src/domain/detections.js';
import type { Detection } from '../../src/domain/finding.js';

/** Before ADR 163: every detection written out as JSON, the first of each JSON kept. */
function distinctAsJson(detections: readonly Detection[]): Detection[] {
  const seen = new Set<string>();
  return detections.filter((detection) => {
    const key = JSON.stringify(detection);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A small deterministic generator, so a failure names its seed. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** A detection drawn from few values, so many share rule, key and first trigger and differ only further in. */
function drawn(random: () => number): Detection {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const ruleId = pick(['brute-force', 'account-brute-force'] as const);
  const account = pick(['acc-1', 'acc-2']);
  const trigger = pick(['e-1', 'e-2']);
  const magnitude = pick([10, 11]);
  return {
    tenantId: 'demo',
    ruleId,
    mode: 'ALERT',
    severity: pick(['MEDIUM', 'HIGH'] as const),
    accountId: account,
    relatedAccountIds: [account],
    groupKey: `account:${account}`,
    suppressionKey: `demo|${ruleId}|account:${account}`,
    suppressionMinutes: 60,
    detectedAt: new Date(Date.parse('2026-12-01T10:00:00Z') + pick([0, 1000])),
    triggerEventId: trigger,
    triggerEventIds: pick([[trigger], [trigger, 'e-3']]),
    magnitude,
    reasons: {
      ruleId,
      ruleName: ruleId,
      thresholds: { threshold: 10 },
      values: { failedLogins: magnitude },
      evidenceEventIds: pick([['e-0', trigger], [trigger]]),
      explanation: `${magnitude} failed logins.`,
    },
  };
}

/** A batch's detections kept once each (ADR 080), compared as JSON only within rule, key and first trigger (ADR 163). */
describe('distinct detections of a batch', () => {
  it('keeps exactly the detections, in order, that comparing every one as JSON keeps', () => {
    for (let seed = 1; seed <= 50; seed += 1) {
      const random = prng(seed);
      const detections = Array.from({ length: 120 }, () => drawn(random));
      // Equal content as separate objects too (a redelivered page builds its detections anew).
      const batch = [...detections, ...detections.slice(0, 30).map((d) => structuredClone(d))];
      const kept = distinct(batch);
      const expected = distinctAsJson(batch);
      expect(kept.length, `seed ${seed}`).toBe(expected.length);
      expect(
        kept.every((d, i) => d === expected[i]),
        `seed ${seed}: the same objects, in order`,
      ).toBe(true);
    }
  });
});
