/**
 * ADR 115: two alerts instances judging pages of one tenant in turn, each with its window cache, on one database:
 * a window split between them is seen whole, whichever instance judges the event that completes it.
 */
import { createAlertsSubgraph, type AlertsSubgraph } from '../src/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertModel } from '../src/adapters/mongo/alert.model.js';
import { failedLogin } from './support/events.js';
import { AlertsHarness } from './support/harness.js';

describe('two alerts instances on one tenant', () => {
  const harness = AlertsHarness.perSuite();
  let other: AlertsSubgraph;

  beforeAll(async () => {
    const { config, logger, db, bus, pubsub } = harness.subgraph;
    other = await createAlertsSubgraph({ config, logger, connection: db.connection, bus, pubsub }, { recipients: null, env: {} });
  });
  afterAll(async () => {
    await other.stop();
  });

  const stored = (tenantId: string) => alertModel(harness.db.connection).find({ tenantId, ruleId: 'brute-force' }).lean();

  it('raises on the event that completes a window the other instance half filled, and both grow the same alert', async () => {
    const tenantId = 'two-instances';
    const login = (minute: number) => ({ ...failedLogin(minute, 'acc-split', '203.0.113.77'), tenantId });
    const first = harness.alerts.detection;
    const second = other.detection;
    // The first instance judges six failures alone: its cache holds the account's window.
    for (let minute = 0; minute < 6; minute += 1) await first.handle(login(minute));
    // The second judges three more: below the threshold of 10 in 15 minutes.
    for (let minute = 6; minute < 9; minute += 1) await second.handle(login(minute));
    expect(await stored(tenantId)).toHaveLength(0);
    // The tenth, on the first instance: its cache must not answer with its own six alone.
    await first.handle(login(9));
    const raised = await stored(tenantId);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.reasons.evidenceEventIds).toHaveLength(10);
    // One more on the second instance joins the same alert with all eleven.
    await second.handle(login(10));
    const grown = await stored(tenantId);
    expect(grown).toHaveLength(1);
    expect(grown[0]!.triggerEventIds.length + grown[0]!.reasons.evidenceEventIds.length).toBeGreaterThan(10);
    expect(new Set(grown[0]!.evidence.map((ref) => ref.eventId)).size).toBe(11);
  });
});
