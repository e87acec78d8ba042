/**
 * Alerts carry the IPs that made them fire in their reasons, explanation and values; core's personal-data policy
 * masks them at the GraphQL layer for the floor (AGENT, SUPERVISOR), live (alertRaised) as well as when queried.
 * Detection and storage keep the real values.
 */
import { createClient } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signedUpstreamBody } from '@vigil/core';
import { failedLogin } from './support/events.js';
import { AlertsHarness, identity, nodes, type Page } from './support/harness.js';

const IP = '198.51.100.77';
const FIELDS = 'reasons reasonVector { explanation values { name value } }';
interface AlertText {
  reasons: string[];
  reasonVector: { explanation: string; values: { name: string; value: string }[] };
}

describe('alerts: personal data in reasons by role', () => {
  const harness = AlertsHarness.perSuite();

  const burst = (accountId: string) => Array.from({ length: 10 }, (_, i) => failedLogin(i, accountId, IP));
  const read = async (roles: Parameters<typeof identity>[0]) => {
    const { data, errors } = await harness.graphql<{ alerts: Page<AlertText> }>(
      identity(roles, ['demo'], 'reader-1'),
      `{ alerts(filter: { accountId: "pd-1" }) { edges { node { ${FIELDS} } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(nodes(data?.alerts)).toHaveLength(1);
    return nodes(data!.alerts)[0]!;
  };

  it('masks the IP in reasons, explanation and values for AGENT and SUPERVISOR; keeps it for SECURITY_ANALYST', async () => {
    await harness.record(...burst('pd-1'));
    for (const role of ['AGENT', 'SUPERVISOR'] as const) {
      const alert = await read([role]);
      expect(JSON.stringify(alert)).not.toContain(IP);
      expect(alert.reasonVector.explanation).toContain('198.51.100.x');
      expect(alert.reasons.join('\n')).toContain('198.51.100.x');
      expect(alert.reasonVector.values).toContainEqual({ name: 'ip', value: '198.51.100.x' });
      expect(alert.reasonVector.values).toContainEqual({ name: 'failedLogins', value: '10' });
    }
    const analyst = await read(['SECURITY_ANALYST']);
    expect(analyst.reasonVector.explanation).toContain(IP);
    expect(analyst.reasonVector.values).toContainEqual({ name: 'ip', value: IP });
  });

  it('masks it on alertRaised for an AGENT wall', async () => {
    const client = createClient({
      url: harness.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
    });
    const operation = { query: `subscription { alertRaised { ${FIELDS} } }` };
    const agent = identity(['AGENT'], ['demo'], 'agent-wall');
    const iterator = client.iterate(
      signedUpstreamBody(agent, operation, { key: harness.config.GATEWAY_SIGNING_KEY, audience: 'alerts' }),
    );
    const next = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await harness.record(...burst('pd-2'));
    const result = await next;
    const alert = (result.value as { data: { alertRaised: AlertText } }).data.alertRaised;
    expect(JSON.stringify(alert)).not.toContain(IP);
    expect(alert.reasonVector.values).toContainEqual({ name: 'ip', value: '198.51.100.x' });
    await iterator.return?.();
    await client.dispose();
  });
});
