import { describe, expect, it } from 'vitest';
import { AlertsHarness, identity, nodes, type Page } from './support/harness.js';

const clientBackend = identity(['INGEST'], ['demo'], 'crm-demo');
const clientApp = identity(['PARTNER'], ['demo'], 'demo-mobile-app');
const otherApp = identity(['PARTNER'], ['acme'], 'acme-app');
const analyst = identity(['SECURITY_ANALYST'], ['demo'], 'analyst-1');

const REQUEST = `mutation($input: ThirdPartyAccessRequestInput!) { requestThirdPartyAccess(input: $input) { id status } }`;
const DECIDE = `mutation($input: ThirdPartyAccessDecisionInput!) { decideThirdPartyAccess(input: $input) { id status decidedAt } }`;

describe('third-party access requests decided by the customer', () => {
  const harness = AlertsHarness.perSuite();

  const file = async (accountId: string, appName: string, scopes: string[]) => {
    const { data, errors } = await harness.graphql<{ requestThirdPartyAccess: { id: string; status: string } }>(
      clientBackend,
      REQUEST,
      {
        input: { tenantId: 'demo', accountId, appName, scopes },
      },
    );
    expect(errors).toBeUndefined();
    return data?.requestThirdPartyAccess.id as string;
  };
  const alertsOn = async (accountId: string) => {
    await harness.settle();
    return nodes(
      (
        await harness.graphql<{
          alerts: Page<{
            id: string;
            rule: string;
            severity: string;
            reasons: string[];
            reasonVector: { evidenceEventIds: string[] };
          }>;
        }>(
          analyst,
          `{ alerts(filter: { accountId: "${accountId}" }) { edges { node { id rule severity reasons reasonVector { evidenceEventIds } } } } }`,
        )
      ).data?.alerts,
    );
  };

  it('lists the pending request for the app, and a denial raises one HIGH alert even when retried', async () => {
    const id = await file('cust-1', 'QuickLoans', ['profile:read', 'payments']);
    const pending = await harness.graphql<{ pendingThirdPartyAccess: { id: string }[] }>(
      clientApp,
      '{ pendingThirdPartyAccess(tenantId: "demo", accountId: "cust-1") { id } }',
    );
    expect(pending.data?.pendingThirdPartyAccess.map((request) => request.id)).toEqual([id]);

    const denied = await harness.graphql<{ decideThirdPartyAccess: { status: string } }>(clientApp, DECIDE, {
      input: { requestId: id, decision: 'DENY', reason: 'I never asked for this' },
    });
    expect(denied.data?.decideThirdPartyAccess.status).toBe('DENIED');
    await harness.graphql(clientApp, DECIDE, { input: { requestId: id, decision: 'DENY' } });

    const alerts = await alertsOn('cust-1');
    expect(alerts?.map((alert) => [alert.rule, alert.severity])).toEqual([['third-party-denied', 'HIGH']]);
    expect(alerts?.[0]?.reasons[0]).toMatch(/denied QuickLoans/);
    // The alert cites the request and the decision as they stand in the activity chain, and they verify.
    expect(alerts?.[0]?.reasonVector.evidenceEventIds).toHaveLength(2);
    const verified = await harness.graphql<{ verifyAlertEvidence: { intact: boolean; events: { status: string }[] } }>(
      analyst,
      'query($id: ID!) { verifyAlertEvidence(alertId: $id) { intact events { status } } }',
      { id: alerts?.[0]?.id },
    );
    expect(verified.data?.verifyAlertEvidence).toEqual({ intact: true, events: [{ status: 'INTACT' }, { status: 'INTACT' }] });
  });

  it('judges an approval as a grant (HIGH for broad scopes) and refuses to flip a decision', async () => {
    const id = await file('cust-2', 'BudgetBuddy', ['offline_access', 'accounts:read']);
    const approved = await harness.graphql<{ decideThirdPartyAccess: { status: string } }>(clientApp, DECIDE, {
      input: { requestId: id, decision: 'APPROVE' },
    });
    expect(approved.data?.decideThirdPartyAccess.status).toBe('APPROVED');
    expect((await alertsOn('cust-2'))?.map((alert) => [alert.rule, alert.severity])).toEqual([['third-party-grant', 'HIGH']]);

    const flip = await harness.graphql(clientApp, DECIDE, { input: { requestId: id, decision: 'DENY' } });
    expect(flip.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      state: 'APPROVED',
      requested: 'DENIED',
      allowedTransitions: [],
    });
  });

  it("keeps other tenants' apps and other roles out", async () => {
    const id = await file('cust-3', 'Scraper', ['*']);
    const foreign = await harness.graphql(otherApp, DECIDE, { input: { requestId: id, decision: 'APPROVE' } });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const byAnalyst = await harness.graphql(analyst, DECIDE, { input: { requestId: id, decision: 'APPROVE' } });
    expect(byAnalyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const badInput = await harness.graphql(clientApp, DECIDE, { input: { requestId: id, decision: 'MAYBE' } });
    expect(badInput.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
