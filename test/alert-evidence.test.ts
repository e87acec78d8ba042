/**
 * Verifiable evidence end to end: events ingested through the gateway land in the activity chain; the alert they
 * raise cites each event's chain sequence and hash; verifyAlertEvidence recomputes them through activity-logs.
 * Someone with database access alters one event: the verification names it. Third-party access decisions are
 * activity events first, and their alert cites them.
 */
import { DEMO_SEED } from '@vigil/accounts';
import type { RunningStack } from '@vigil/stack';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, nodes } from './support/graphql-client.js';
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

const { jordan, priya, sam } = DEMO_SEED.accounts;
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
            edges {
              node {
                id
                rule
                evidence {
                  eventId
                  sequence
                  hash
                }
              }
            }
          }
        }
      `,
      { accountId, rule: [rule] },
    );
    const alerts = nodes(page.data?.alerts) ?? [];
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
      accountId: jordan,
      type: 'user.authentication.failed',
      occurredAt: new Date(start + i * 1000).toISOString(),
      ip: '198.51.100.77',
      idempotencyKey: `evidence-${i}`,
    }));
    // Shipped newest first, as a reordering log shipper would.
    const recorded = await graphql(stack.gatewayUrl, ingest, RECORD, { tenantId: 'demo', events: [...events].reverse() });
    expect(recorded.errors).toBeUndefined();

    const [alert] = await waitForAlerts(jordan, 'brute-force');
    expect(alert?.evidence).toHaveLength(10);
    expect(alert?.evidence.every((ref) => ref.sequence > 0 && /^[0-9a-f]{64}$/.test(ref.hash))).toBe(true);

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
            input: { tenantId: "demo", accountId: "${priya}", appName: "QuickLoans", scopes: ["payments"] }
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

    const [alert] = await waitForAlerts(priya, 'third-party-denied');
    expect(alert?.evidence).toHaveLength(2);
    const timeline = await graphql<{ activityEvents: { edges: { node: { id: string; type: string } }[] } }>(
      stack.gatewayUrl,
      analyst,
      `
        {
          activityEvents(tenantId: "demo", accountId: "${priya}") {
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

  it('ingests every type detection reads (unlock requests, Okta push denial, address change, recovery events) and rules fire on them', async () => {
    const at = (seconds: number) => new Date(Date.now() - 120_000 + seconds * 1000).toISOString();
    const events = [
      { type: 'user.mfa.okta_verify.deny_push', occurredAt: at(0) },
      { type: 'account.contact.address_changed', occurredAt: at(1) },
      { type: 'recovery.case.opened', occurredAt: at(2), metadata: { caseId: 'helpdesk-17' } },
      { type: 'recovery.verification.failed', occurredAt: at(3), metadata: { caseId: 'helpdesk-17' } },
      { type: 'user.account.unlock_token', occurredAt: at(4) },
      ...[5, 6, 7, 8].map((second) => ({ type: 'user.account.unlock.requested', occurredAt: at(second) })),
    ].map((event, index) => ({ accountId: sam, idempotencyKey: `vocab-${index}`, ...event }));
    const recorded = await graphql<{ recordActivities: { recordedCount: number } }>(stack.gatewayUrl, ingest, RECORD, {
      tenantId: 'demo',
      events,
    });
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data?.recordActivities.recordedCount).toBe(events.length);
    // Five unlock / unlock-token requests within the hour: the reset-flood rule reads them.
    const [flood] = await waitForAlerts(sam, 'reset-flood');
    expect(flood?.evidence).toHaveLength(5);
  }, 90_000);
});
