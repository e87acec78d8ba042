import { describe, expect, it } from 'vitest';
import { DetectionEngine, type AttackAlert } from '../../src/domain/detection-engine.js';
import type { DetectionEvent } from '../../src/domain/detection-event.js';
import type { HistoryQuery } from '../../src/domain/detection-history.js';
import { defaultDetectionSettings, resolveTenantRules } from '../../src/domain/tenant-rules.js';
import { InMemoryDetectionHistory } from '../support/in-memory-history.js';

/**
 * The success-after-attack follow-ups of a page's attack alerts, read together (ADR 114): each alert escalates
 * exactly the logins its own read over its accounts returned (the newest 200 in its window, oldest first), and
 * the page's alerts read the history once, not once per alert.
 */
const BASE = Date.parse('2026-11-30T08:00:00.000Z');
const MINUTE = 60_000;

class CountingHistory extends InMemoryDetectionHistory {
  reads = 0;
  override async events(query: HistoryQuery): Promise<DetectionEvent[]> {
    this.reads += 1;
    return super.events(query);
  }
}

function login(n: number, accountId: string, at: number): DetectionEvent {
  return {
    eventId: `login-${String(n).padStart(4, '0')}`,
    tenantId: 'demo',
    accountId,
    type: 'user.session.start',
    kinds: ['LOGIN_SUCCEEDED'],
    outcome: 'SUCCESS',
    occurredAt: new Date(at),
    ip: `203.0.113.${n % 200}`,
  };
}

describe('success-after-attack follow-ups of several alerts', () => {
  it('escalate, per alert, what one read over its accounts returns; in one history read for the page', async () => {
    const rules = resolveTenantRules(defaultDetectionSettings('demo'));
    const windowMinutes = rules.rules.get('success-after-attack')?.params.windowMinutes ?? 0;
    expect(windowMinutes).toBeGreaterThan(0);
    const history = new CountingHistory();
    const accounts = Array.from({ length: 12 }, (_, i) => `acc-${i}`);
    // 600 logins over two windows, several at the same instant (ties broken by event id); acc-0 has more than 200.
    await history.record(
      Array.from({ length: 600 }, (_, n) =>
        login(
          n,
          n < 260 ? 'acc-0' : accounts[n % accounts.length]!,
          BASE + Math.floor(n / 3) * ((2 * windowMinutes * MINUTE) / 200),
        ),
      ),
    );
    const engine = new DetectionEngine(
      history,
      async () => rules,
      () => BASE,
    );
    const attacks: AttackAlert[] = Array.from({ length: 15 }, (_, i) => ({
      alertId: `attack-${i}`,
      ruleId: i % 2 === 0 ? 'brute-force' : 'password-spray',
      tenantId: 'demo',
      detectedAt: new Date(BASE + i * 7 * MINUTE),
      relatedAccountIds: i % 2 === 0 ? [accounts[i % 12]!] : accounts.slice(0, 1 + (i % 12)).reverse(), // not in event-id order: ties must still be
    }));

    history.reads = 0;
    const together = await engine.followUpsAll(attacks);
    expect(history.reads).toBe(1);

    for (const [index, attack] of attacks.entries()) {
      // What the follow-up read before ADR 114: one read over the alert's accounts.
      const own = await history.events({
        tenantId: 'demo',
        kind: 'LOGIN_SUCCEEDED',
        accountIds: attack.relatedAccountIds,
        since: attack.detectedAt,
        until: new Date(attack.detectedAt.getTime() + windowMinutes * MINUTE),
        limit: 200,
      });
      const escalated = together[index]!.map((detection) => detection.triggerEventId);
      expect(escalated, attack.alertId).toEqual(own.map((event) => event.eventId));
      expect(escalated.length, attack.alertId).toBeGreaterThan(0);
    }
    expect(together[0]).toHaveLength(200); // acc-0's logins are more than the limit: the newest 200
  });
});
