/**
 * ADR 136: an alert copies personal values from the events it cites (the attacking IP, countries, amounts) into its
 * reasons, keys and notification copies. When the account is erased, or the tenant's retention purges those events,
 * the alert forgets them too, and keeps what an audit needs: its id, rule, times, counts and status history.
 */
import { VIGIL_EVENT_TYPES } from '@vigil/core';
import { nodes, type Page } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { AlertsHarness, identity } from './support/harness.js';
import { activity, at, failedLogin } from './support/events.js';

const ERASED_IP = '203.0.113.77';
const KEPT_IP = '198.51.100.91';
const COMMENT = 'Customer jane.doe@example.org called from +44 20 7946 0958';

/** `count` failed logins of `accountId` from `ip`, a minute apart from `minute`: a brute-force alert at the tenth. */
const attack = (tenantId: string, accountId: string, ip: string, minute: number, count = 11) =>
  Array.from({ length: count }, (_, index) => ({ ...failedLogin(minute + index, accountId, ip), tenantId }));

const systemRecord = (tenantId: string, type: string, accountId: string, minute: number, metadata?: Record<string, string>) =>
  activity({
    type,
    tenantId,
    accountId,
    category: 'system',
    outcome: 'SUCCESS',
    occurredAt: at(minute),
    actor: { type: 'SYSTEM', id: 'agent-admin' },
    ...(metadata ? { metadata } : {}),
  });

interface AlertView {
  id: string;
  rule: string;
  status: string;
  relatedAccountIds: string[];
  detectedAt: string;
  reasons: string[];
  reasonVector: { values: { name: string; value: string }[] };
  evidence: { eventId: string; sequence: number | null }[];
  comments: { by: string; text: string }[];
  history: { from: string; to: string; by: string }[];
}

const ALERTS = `query($t: ID!) { alerts(filter: { tenantId: $t }) { edges { node {
  id rule status relatedAccountIds detectedAt reasons reasonVector { values { name value } }
  evidence { eventId sequence } comments { by text } history { from to by } } } } }`;

describe('personal values in stored alerts', () => {
  const harness = AlertsHarness.perSuite();
  const admin = (tenantId: string) => identity(['ADMIN'], [tenantId]);

  const alertsOf = async (tenantId: string): Promise<AlertView[]> => {
    const { data, errors } = await harness.graphql<{ alerts: Page<AlertView> }>(admin(tenantId), ALERTS, { t: tenantId });
    expect(errors).toBeUndefined();
    return nodes(data?.alerts) ?? [];
  };
  /** Every stored copy the alerts subgraph keeps of the tenant's alerts: the alerts, their windows and notifications. */
  const storedCopies = async (tenantId: string): Promise<string> => {
    const db = harness.db.connection;
    const [alerts, suppressions, jobs, deliveries] = await Promise.all(
      ['alerts', 'alert_suppressions', 'notification_jobs', 'notification_deliveries'].map((name) =>
        db.collection(name).find({}).toArray(),
      ),
    );
    return JSON.stringify(
      [alerts, suppressions, jobs, deliveries].flat().filter((doc) => JSON.stringify(doc).includes(tenantId)),
    );
  };

  it("an erasure removes the account's personal values from its alerts and keeps the audit facts", async () => {
    const t = 'redact-erasure';
    await harness.record(...attack(t, 'acc-erased', ERASED_IP, 0), ...attack(t, 'acc-kept', KEPT_IP, 0));
    const before = await alertsOf(t);
    const erasedAlert = before.find((alert) => alert.reasons.join(' ').includes(ERASED_IP));
    expect(erasedAlert?.rule).toBe('brute-force');
    const analyst = identity(['SECURITY_ANALYST'], [t]);
    await harness.graphql(analyst, 'mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }', { id: erasedAlert!.id });
    const commented = await harness.graphql(
      analyst,
      'mutation($id: ID!, $text: String!) { commentOnAlert(id: $id, text: $text) { id } }',
      {
        id: erasedAlert!.id,
        text: COMMENT,
      },
    );
    expect(commented.errors).toBeUndefined();
    const handled = (await alertsOf(t)).find((alert) => alert.id === erasedAlert!.id)!;
    const storedBefore = await storedCopies(t);
    for (const personal of [ERASED_IP, 'jane.doe@example.org', '20 7946 0958']) expect(storedBefore).toContain(personal);

    await harness.record(systemRecord(t, VIGIL_EVENT_TYPES.accountErased, 'acc-erased', 30));

    const after = await alertsOf(t);
    const erased = after.find((alert) => alert.id === erasedAlert!.id)!;
    // The audit facts stay: the alert, its rule, times, counts, evidence positions and status history.
    expect(erased).toMatchObject({
      rule: 'brute-force',
      status: 'ACKNOWLEDGED',
      detectedAt: handled.detectedAt,
      evidence: handled.evidence,
      history: handled.history,
    });
    expect(handled.history).toHaveLength(1);
    expect(erased.reasonVector.values).toContainEqual({ name: 'failedLogins', value: '11' });
    expect(erased.reasonVector.values).toContainEqual({ name: 'ip', value: '[redacted]' });
    expect(erased.comments).toEqual([{ by: 'analyst-1', text: '[redacted]' }]);
    const stored = await storedCopies(t);
    // The phone number whole, with its spaces: four digits alone also turn up in the stored ids' hex now and then.
    for (const personal of [ERASED_IP, 'jane.doe@example.org', '20 7946 0958']) expect(stored).not.toContain(personal);
    // The other account's alert is not touched.
    expect(stored).toContain(KEPT_IP);
    expect(after.find((alert) => alert.id !== erasedAlert!.id)?.reasons.join(' ')).toContain(KEPT_IP);

    // An attack after the erasure is new processing: its alert names its address.
    await harness.record(...attack(t, 'acc-erased', '192.0.2.15', 120));
    expect(JSON.stringify(await alertsOf(t))).toContain('192.0.2.15');
  });

  it('a retention purge removes the values its alerts copied from the purged events, once every source expired', async () => {
    const t = 'redact-purge';
    await harness.record(...attack(t, 'acc-old', ERASED_IP, 0), ...attack(t, 'acc-new', KEPT_IP, 100));
    const purge = (minute: number, cutoffs: Record<string, string>) =>
      systemRecord(t, VIGIL_EVENT_TYPES.retentionPurged, 'system', minute, { purgedCount: '1', ...cutoffs });

    // Failed sign-ins are FAILURE events (and AUTHENTICATION ones for single sign-on): one cut-off alone is not enough.
    await harness.record(purge(200, { cutoff_authentication: at(60) }));
    expect(await storedCopies(t)).toContain(ERASED_IP);

    await harness.record(purge(201, { cutoff_authentication: at(60), cutoff_failure: at(60) }));
    const stored = await storedCopies(t);
    expect(stored).not.toContain(ERASED_IP);
    expect(stored).toContain(KEPT_IP);
    const old = (await alertsOf(t)).find((alert) => alert.relatedAccountIds.includes('acc-old'));
    expect(old?.reasonVector.values).toContainEqual({ name: 'failedLogins', value: '11' });
    expect(old?.reasons[0]).toContain('[redacted]');
  });
});
