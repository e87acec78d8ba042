import { createClient } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signedUpstreamBody } from '@vigil/core';
import { failedLogin } from './support/events.js';
import { AlertsHarness, identity, nodes, type Page } from './support/harness.js';

const analyst = identity(['SECURITY_ANALYST']);
const agent = identity(['AGENT'], ['demo'], 'agent-7');
const acmeAnalyst = identity(['SECURITY_ANALYST'], ['acme'], 'acme-analyst');

const ALERT_FIELDS =
  'id tenantId rule severity status reasons occurrences account { id } reasonVector { explanation evidenceEventIds values { name value } }';

interface AlertView {
  id: string;
  tenantId: string;
  rule: string;
  severity: string;
  status: string;
  reasons: string[];
  occurrences: number;
  account: { id: string } | null;
  reasonVector: { explanation: string; evidenceEventIds: string[]; values: { name: string; value: string }[] };
}

const burst = (accountId: string, ip: string, tenantId = 'demo') =>
  Array.from({ length: 10 }, (_, i) => ({ ...failedLogin(i, accountId, ip), tenantId }));

describe('alerts subgraph (embedded MongoDB, in-memory bus, real HTTP)', () => {
  const harness = AlertsHarness.perSuite();

  it('raises one brute-force alert from ten failed logins on the bus, with its reason vector and account reference', async () => {
    const events = burst('acc-1', '198.51.100.7');
    await harness.record(...events);
    const { data, errors } = await harness.graphql<{ alerts: Page<AlertView> }>(
      analyst,
      `{ alerts(filter: { accountId: "acc-1" }) { edges { node { ${ALERT_FIELDS} } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(nodes(data?.alerts)).toHaveLength(1);
    const [alert] = nodes(data?.alerts) ?? [];
    expect(alert).toMatchObject({
      tenantId: 'demo',
      rule: 'brute-force',
      severity: 'HIGH',
      status: 'OPEN',
      occurrences: 1,
      account: { id: 'acc-1' },
    });
    expect(alert?.reasonVector.evidenceEventIds).toEqual(events.map((event) => event.eventId));
    expect(alert?.reasons[0]).toMatch(/10 failed logins/);
  });

  it('never doubles the alert when the bus redelivers the events, or the burst continues within the window', async () => {
    const events = burst('acc-2', '198.51.100.8');
    await harness.record(...events);
    // Redelivery: the very same messages again, and straight into the consumer.
    await harness.record(...events);
    for (const event of events) await harness.alerts.detection.handle(event);
    // The burst goes on: an 11th failure joins the open alert instead of raising another.
    await harness.record(failedLogin(11, 'acc-2', '198.51.100.8'));
    const { data } = await harness.graphql<{ alerts: Page<AlertView> }>(
      analyst,
      `{ alerts(filter: { accountId: "acc-2" }) { edges { node { ${ALERT_FIELDS} } } } }`,
    );
    expect(nodes(data?.alerts)?.map((alert) => [alert.rule, alert.occurrences])).toEqual([['brute-force', 2]]);
  });

  it('drops a malformed message instead of blocking the consumer group behind it', async () => {
    await harness.record({ ...failedLogin(0, 'acc-bad'), occurredAt: 'yesterday-ish' });
    await harness.record(...burst('acc-good', '198.51.100.12'));
    const { data } = await harness.graphql<{ alerts: Page<AlertView> }>(
      analyst,
      `{ alerts(filter: { accountId: "acc-good" }) { edges { node { rule } } } }`,
    );
    expect(nodes(data?.alerts)?.map((alert) => alert.rule)).toEqual(['brute-force']);
  });

  it('keeps tenants apart: another tenant sees nothing and cannot ask for this one', async () => {
    const { data } = await harness.graphql<{ alerts: Page<AlertView> }>(acmeAnalyst, `{ alerts { edges { node { id } } } }`);
    expect(nodes(data?.alerts)).toEqual([]);
    const denied = await harness.graphql(acmeAnalyst, `{ alerts(filter: { tenantId: "demo" }) { edges { node { id } } } }`);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('filters by rule id and refuses an id that is not in the catalog', async () => {
    const known = await harness.graphql<{ alerts: Page<AlertView> }>(
      analyst,
      `{ alerts(filter: { rule: ["reset-flood"] }) { edges { node { id } } } }`,
    );
    expect(known.errors).toBeUndefined();
    expect(nodes(known.data?.alerts)).toEqual([]);
    const unknown = await harness.graphql(analyst, `{ alerts(filter: { rule: ["no-such-rule"] }) { edges { node { id } } } }`);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('walks the lifecycle with who/when/why and refuses what the rules forbid', async () => {
    const { data } = await harness.graphql<{ alerts: Page<AlertView> }>(
      analyst,
      `{ alerts(filter: { accountId: "acc-1" }) { edges { node { id } } } }`,
    );
    const id = nodes(data?.alerts)?.[0]?.id as string;
    const noReason = await harness.graphql(
      analyst,
      `mutation($id: ID!) { closeAlert(input: { alertId: $id, status: RESOLVED, reason: " " }) { id } }`,
      { id },
    );
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const byAgent = await harness.graphql(agent, `mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }`, { id });
    expect(byAgent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const ack = await harness.graphql<{ acknowledgeAlert: { status: string; acknowledgedBy: string } }>(
      analyst,
      `mutation($id: ID!) { acknowledgeAlert(id: $id) { status acknowledgedBy } }`,
      { id },
    );
    expect(ack.data?.acknowledgeAlert).toEqual({ status: 'ACKNOWLEDGED', acknowledgedBy: 'analyst-1' });
    const closed = await harness.graphql<{
      closeAlert: { status: string; history: { from: string; to: string; by: string; reason: string | null }[] };
    }>(
      analyst,
      `mutation($id: ID!) { closeAlert(input: { alertId: $id, status: FALSE_POSITIVE, reason: "Customer typed an old password" }) { status history { from to by reason } } }`,
      { id },
    );
    expect(closed.data?.closeAlert.status).toBe('FALSE_POSITIVE');
    expect(closed.data?.closeAlert.history.map((change) => change.to)).toEqual(['ACKNOWLEDGED', 'FALSE_POSITIVE']);
    expect(closed.data?.closeAlert.history[1]?.reason).toBe('Customer typed an old password');
    const again = await harness.graphql(
      analyst,
      `mutation($id: ID!) { closeAlert(input: { alertId: $id, status: RESOLVED, reason: "again" }) { id } }`,
      { id },
    );
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', allowedTransitions: ['OPEN'] });
  });

  it('pushes raised alerts over graphql-ws to the subscribers of that tenant and severity only', async () => {
    const ws = harness.url.replace('http', 'ws');
    const subscribe = (who: typeof analyst, minSeverity: string) => {
      const client = createClient({ url: ws, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      const operation = {
        query: `subscription { alertRaised(filter: { minSeverity: ${minSeverity} }) { tenantId rule severity account { id } } }`,
      };
      return {
        client,
        iterator: client.iterate(
          signedUpstreamBody(who, operation, { key: harness.config.GATEWAY_SIGNING_KEY, audience: 'alerts' }),
        ),
      };
    };
    const demoWall = subscribe(agent, 'HIGH');
    const acmeWall = subscribe(acmeAnalyst, 'LOW');
    const demoNext = demoWall.iterator.next();
    const acmeNext = acmeWall.iterator.next();
    // Subscriptions register asynchronously after connection_init; give them a moment before raising.
    await new Promise((resolve) => setTimeout(resolve, 300));

    await harness.record(...burst('acc-3', '198.51.100.9'));
    expect((await demoNext).value).toEqual({
      data: { alertRaised: { tenantId: 'demo', rule: 'brute-force', severity: 'HIGH', account: { id: 'acc-3' } } },
    });
    // The acme wall's first event must be acme's own alert: it never saw demo's.
    await harness.record(...burst('acme-1', '203.0.113.50', 'acme'));
    expect((await acmeNext).value).toMatchObject({ data: { alertRaised: { tenantId: 'acme', account: { id: 'acme-1' } } } });

    await demoWall.iterator.return?.();
    await acmeWall.iterator.return?.();
    await demoWall.client.dispose();
    await acmeWall.client.dispose();
  });

  it('answers 401 to a request without the gateway signature', async () => {
    const response = await fetch(harness.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ alerts { edges { node { id } } } }' }),
    });
    expect(response.status).toBe(401);
  });

  it("pushes status changes on alertUpdated, and nothing more once the subscriber's token has expired", async () => {
    const ws = harness.url.replace('http', 'ws');
    const open = (who: typeof analyst, query: string) => {
      const client = createClient({ url: ws, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      return {
        client,
        iterator: client.iterate(
          signedUpstreamBody(who, { query }, { key: harness.config.GATEWAY_SIGNING_KEY, audience: 'alerts' }),
        ),
      };
    };
    const shortLived = { ...agent, subject: 'agent-short', expiresAt: Math.floor(Date.now() / 1000) + 2 };
    const wall = open(agent, 'subscription { alertUpdated(filter: { accountId: "acc-3" }) { status acknowledgedBy } }');
    const expiring = open(shortLived, 'subscription { alertUpdated { status } }');
    const wallNext = wall.iterator.next();
    let expiredGotSomething = false;
    void expiring.iterator.next().then((result) => {
      if (!result.done) expiredGotSomething = true;
    });
    // Past the short-lived token's expiry (whole seconds), with the subscriptions registered.
    await new Promise((resolve) => setTimeout(resolve, 3_100));

    const { data } = await harness.graphql<{ alerts: Page<{ id: string }> }>(
      analyst,
      '{ alerts(filter: { accountId: "acc-3" }) { edges { node { id } } } }',
    );
    await harness.graphql(analyst, 'mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }', {
      id: nodes(data?.alerts)?.[0]?.id,
    });
    expect((await wallNext).value).toEqual({ data: { alertUpdated: { status: 'ACKNOWLEDGED', acknowledgedBy: 'analyst-1' } } });
    // Both subscriptions are fed by the same publish; the expired one had every chance to receive it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(expiredGotSomething).toBe(false);

    await wall.iterator.return?.();
    await expiring.iterator.return?.();
    await wall.client.dispose();
    await expiring.client.dispose();
  });
});
