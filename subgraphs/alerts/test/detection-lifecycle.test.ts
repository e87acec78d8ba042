import { TOPICS, type AlertRaisedPayload } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedLogin, successfulLogin } from './support/events.js';
import { AlertsHarness, identity, nodes, type Page } from './support/harness.js';

const analyst = identity(['SECURITY_ANALYST']);

interface AlertView {
  id: string;
  rule: string;
  status: string;
  severity: string;
  occurrences: number;
  previousAlertId: string | null;
  relatedAccountIds: string[];
  reasonVector: { evidenceEventIds: string[] };
}
const FIELDS = 'id rule status severity occurrences previousAlertId relatedAccountIds reasonVector { evidenceEventIds }';

describe('detection under real log shipping (embedded MongoDB, bus, real HTTP)', () => {
  const harness = new AlertsHarness();
  const updates: AlertRaisedPayload[] = [];
  beforeAll(async () => {
    await harness.start();
    await harness.bus.subscribe<AlertRaisedPayload>(TOPICS.alertUpdated, 'test-walls', async (message) => {
      updates.push(message.payload);
    });
  });
  afterAll(async () => {
    await harness.stop();
  });

  const alertsOf = async (filter: string) => {
    const { data, errors } = await harness.graphql<{ alerts: Page<AlertView> }>(
      analyst,
      `{ alerts(filter: { ${filter} }) { edges { node { ${FIELDS} } } } }`,
    );
    expect(errors).toBeUndefined();
    return nodes(data?.alerts) ?? [];
  };

  it('raises one brute-force alert from ten failures sent newest first in one batch', async () => {
    const events = Array.from({ length: 10 }, (_, i) => failedLogin(i, 'acc-rev', '198.51.100.21'));
    await harness.record(...[...events].reverse());
    const alerts = await alertsOf('accountId: "acc-rev", rule: ["brute-force"]');
    expect(alerts.map((alert) => [alert.rule, alert.occurrences])).toEqual([['brute-force', 1]]);
    expect([...(alerts[0]?.reasonVector.evidenceEventIds ?? [])].sort()).toEqual(events.map((event) => event.eventId).sort());
  });

  it('raises the same single alert when the attack is split over out-of-order batches and redelivered', async () => {
    const events = Array.from({ length: 12 }, (_, i) => failedLogin(i, 'acc-split', '198.51.100.22'));
    await harness.record(...events.slice(6).reverse());
    await harness.record(...events.slice(0, 6));
    await harness.record(...events.slice(3, 9)); // redelivery
    const alerts = await alertsOf('accountId: "acc-split", rule: ["brute-force"]');
    // The rule fires at the 10th, 11th and 12th failures in event time: three occurrences, one alert.
    expect(alerts.map((alert) => [alert.rule, alert.occurrences])).toEqual([['brute-force', 3]]);
  });

  it('after the alert is resolved, new failures raise a new alert linked to the closed one', async () => {
    await harness.record(...Array.from({ length: 10 }, (_, i) => failedLogin(i, 'acc-closed', '198.51.100.23')));
    const [first] = await alertsOf('accountId: "acc-closed", rule: ["brute-force"]');
    const id = first?.id as string;
    await harness.graphql(analyst, 'mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }', { id });
    const closed = await harness.graphql(
      analyst,
      'mutation($id: ID!) { closeAlert(input: { alertId: $id, status: RESOLVED, reason: "customer reset the password" }) { id } }',
      { id },
    );
    expect(closed.errors).toBeUndefined();
    await harness.record(...Array.from({ length: 10 }, (_, i) => failedLogin(20 + i, 'acc-closed', '198.51.100.23')));
    const alerts = await alertsOf('accountId: "acc-closed", rule: ["brute-force"]');
    expect(alerts.map((alert) => [alert.status, alert.occurrences, alert.previousAlertId])).toEqual([
      ['OPEN', 1, id],
      ['RESOLVED', 1, null],
    ]);
  });

  it('a spray alert keeps growing (accounts, counts, alertUpdated) and a success on the 12th account is CRITICAL', async () => {
    updates.length = 0;
    const ip = '192.0.2.44';
    const spray = Array.from({ length: 12 }, (_, i) => failedLogin(100 + i * 0.3, `spray-${i}`, ip));
    // Shipped in three batches: the alert is raised with the first ten accounts and grows with each later batch
    // (a batch is judged whole, so accounts of the same batch are in the alert from the start; ADR 102).
    await harness.record(...spray.slice(0, 10));
    await harness.record(spray[10]!);
    await harness.record(spray[11]!);
    const [alert] = await alertsOf('rule: ["password-spray"]');
    expect(alert?.relatedAccountIds).toHaveLength(12);
    const grown = updates.filter((update) => update.alertId === alert?.id);
    expect(grown.length).toBeGreaterThanOrEqual(2); // the 11th and the 12th account
    await harness.record(successfulLogin(110, { accountId: 'spray-11' }));
    const escalated = await alertsOf('rule: ["success-after-attack"]');
    expect(escalated.map((entry) => [entry.severity, entry.relatedAccountIds])).toEqual([['CRITICAL', ['spray-11']]]);
  });
});
