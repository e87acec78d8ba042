/**
 * Verifiable evidence end to end: events ingested through the gateway land in the activity chain; the alert they
 * raise cites each event's chain sequence and hash; verifyAlertEvidence recomputes them through activity-logs.
 * Someone with database access alters one event: the verification names it. Third-party access decisions are
 * activity events first, and their alert cites them.
 */
import type { RunningStack } from '@vigil/stack';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './support/graphql-client.js';
import { bootStack } from './support/stack.js';

const RECORD = `mutation ($tenantId: ID!, $events: [ActivityEventInput!]!) {
  recordActivities(tenantId: $tenantId, events: $events) { recordedCount }
}`;
const VERIFY = `query ($id: ID!) {
  verifyAlertEvidence(alertId: $id) { intact failedEventIds events { eventId status citedSequence detail } }
}`;

interface Verification {
  verifyAlertEvidence: {
    intact: boolean;
    failedEventIds: string[];
    events: { eventId: string; status: string; citedSequence: number; detail: string }[];
  };
}
interface AlertsPage {
  alerts: { id: string; rule: string; evidence: { eventId: string; sequence: number; hash: string }[] }[];
}

let stack: RunningStack;
let ingest: string;
let analyst: string;
let auditor: string;
let partner: string;

async function waitForAlerts(accountId: string, rule: string): Promise<AlertsPage['alerts']> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const page = await graphql<AlertsPage>(
      stack.gatewayUrl,
      analyst,
      `
        query ($accountId: ID!, $rule: [String!]) {
          alerts(filter: { accountId: $accountId, rule: $rule }) {
            id
            rule
            evidence {
              eventId
              sequence
              hash
            }
          }
        }
      `,
      { accountId, rule: [rule] },
    );
    const alerts = page.data?.alerts ?? [];
    if (alerts.length > 0 || Date.now() > deadline) return alerts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  stack = await bootStack();
  ingest = await stack.token({ roles: ['INGEST'], tenants: ['demo'], subject: 'idp-demo' });
  analyst = await stack.token({ roles: ['SECURITY_ANALYST'], tenants: ['demo'], subject: 'analyst-ev' });
  auditor = await stack.token({ roles: ['AUDITOR'], tenants: ['demo'], subject: 'auditor-ev' });
  partner = await stack.token({ roles: ['PARTNER'], tenants: ['demo'], subject: 'demo-app' });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

describe('alert evidence an auditor can verify', () => {
  it('cites each evidence event with its chain sequence and hash; verifies intact; names an event altered in the database', async () => {
    const start = Date.now() - 60_000;
    const events = Array.from({ length: 10 }, (_, i) => ({
      accountId: 'acc-evidence-1',
      type: 'user.authentication.failed',
      occurredAt: new Date(start + i * 1000).toISOString(),
      ip: '198.51.100.77',
      idempotencyKey: `evidence-${i}`,
    }));
    // Shipped newest first, as a reordering log shipper would.
    const recorded = await graphql(stack.gatewayUrl, ingest, RECORD, { tenantId: 'demo', events: [...events].reverse() });
    expect(recorded.errors).toBeUndefined();

    const [alert] = await waitForAlerts('acc-evidence-1', 'brute-force');
    expect(alert?.evidence).toHaveLength(10);
    expect(alert?.evidence.every((ref) => ref.sequence > 0 && /^[0-9a-f]{64}$/.test(ref.hash))).toBe(true);

    // The account is unknown to the accounts subgraph (failed logins for an unknown user name): data, not an error.
    const wall = await graphql<{ alert: { account: { id: string; known: boolean; displayName: string | null } } }>(
      stack.gatewayUrl,
      analyst,
      `
        query ($id: ID!) {
          alert(id: $id) {
            account {
              id
              known
              displayName
            }
          }
        }
      `,
      { id: alert?.id },
    );
    expect(wall.errors).toBeUndefined();
    expect(wall.data?.alert.account).toEqual({ id: 'acc-evidence-1', known: false, displayName: null });

    const intact = await graphql<Verification>(stack.gatewayUrl, auditor, VERIFY, { id: alert?.id });
    expect(intact.errors).toBeUndefined();
    expect(intact.data?.verifyAlertEvidence.intact).toBe(true);

    // Someone with database access changes one evidence event: it "succeeded" after all.
    const tampered = alert?.evidence[4]?.eventId as string;
    const connection = await mongoose.createConnection(stack.mongoUri, { dbName: 'vigil_activity_logs' }).asPromise();
    try {
      const result = await connection
        .collection('activity_events')
        .updateOne({ _id: new mongoose.Types.ObjectId(tampered) }, { $set: { outcome: 'SUCCESS' } });
      expect(result.modifiedCount).toBe(1);
    } finally {
      await connection.close();
    }
    const broken = await graphql<Verification>(stack.gatewayUrl, auditor, VERIFY, { id: alert?.id });
    expect(broken.data?.verifyAlertEvidence.intact).toBe(false);
    expect(broken.data?.verifyAlertEvidence.failedEventIds).toEqual([tampered]);
    const verdict = broken.data?.verifyAlertEvidence.events.find((event) => event.eventId === tampered);
    expect(verdict?.status).toBe('CHANGED');
    expect(verdict?.detail).toMatch(/ALTERED/);
  }, 90_000);

  it('records a third-party access request and its denial in the activity chain; the alert cites both and verifies', async () => {
    const requested = await graphql<{ requestThirdPartyAccess: { id: string } }>(
      stack.gatewayUrl,
      ingest,
      `
        mutation {
          requestThirdPartyAccess(
            input: { tenantId: "demo", accountId: "acc-evidence-2", appName: "QuickLoans", scopes: ["payments"] }
          ) {
            id
          }
        }
      `,
    );
    expect(requested.errors).toBeUndefined();
    const denied = await graphql(
      stack.gatewayUrl,
      partner,
      `
        mutation ($id: ID!) {
          decideThirdPartyAccess(input: { requestId: $id, decision: "DENY" }) {
            status
          }
        }
      `,
      { id: requested.data?.requestThirdPartyAccess.id },
    );
    expect(denied.errors).toBeUndefined();

    const [alert] = await waitForAlerts('acc-evidence-2', 'third-party-denied');
    expect(alert?.evidence).toHaveLength(2);
    const timeline = await graphql<{ activityEvents: { edges: { node: { id: string; type: string } }[] } }>(
      stack.gatewayUrl,
      analyst,
      `
        {
          activityEvents(tenantId: "demo", accountId: "acc-evidence-2") {
            edges {
              node {
                id
                type
              }
            }
          }
        }
      `,
    );
    const chainIds = new Map(timeline.data?.activityEvents.edges.map((edge) => [edge.node.id, edge.node.type]));
    expect(alert?.evidence.map((ref) => chainIds.get(ref.eventId))).toEqual([
      'integration.access.requested',
      'integration.access.denied',
    ]);
    const verified = await graphql<Verification>(stack.gatewayUrl, auditor, VERIFY, { id: alert?.id });
    expect(verified.data?.verifyAlertEvidence.intact).toBe(true);
  }, 90_000);
});
