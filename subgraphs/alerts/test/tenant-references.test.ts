/**
 * Ids of other subgraphs' entities that alerts mutations take must be the tenant's: another tenant's and a missing
 * one get the same NOT_FOUND. The lookups are the real ones (read-only on the owners' collections).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNED_ENTITIES } from '@vigil/core';
import { failedLogin } from './support/events.js';
import { AlertsHarness, identity, nodes, type Page } from './support/harness.js';

const analyst = identity(['SECURITY_ANALYST', 'ADMIN'], ['demo', 'acme'], 'analyst-9');
const crm = identity(['INGEST'], ['demo', 'acme'], 'crm-9');

describe('alerts: references to accounts and recovery cases are checked against the tenant', () => {
  const harness = new AlertsHarness();
  beforeAll(async () => {
    // undefined → the real lookups, not the harness's accept-everything default.
    await harness.start({ recipients: null, env: {}, accounts: undefined, recoveryCases: undefined, agents: undefined });
    const db = harness.db.connection;
    await db
      .useDb(OWNED_ENTITIES.account.dbName)
      .collection<{ _id: string; tenantId: string }>(OWNED_ENTITIES.account.collection)
      .insertMany([
        { _id: 'ref-demo-acc', tenantId: 'demo' },
        { _id: 'ref-acme-acc', tenantId: 'acme' },
      ]);
    await db
      .useDb(OWNED_ENTITIES.recoveryCase.dbName)
      .collection<{ _id: string; tenantId: string }>(OWNED_ENTITIES.recoveryCase.collection)
      .insertMany([
        { _id: 'case-demo-1', tenantId: 'demo' },
        { _id: 'case-acme-1', tenantId: 'acme' },
      ]);
    await db
      .useDb(OWNED_ENTITIES.agent.dbName)
      .collection<{ _id: string; tenantIds: string[] }>(OWNED_ENTITIES.agent.collection)
      .insertMany([
        { _id: 'analyst-demo', tenantIds: ['demo'] },
        { _id: 'analyst-both', tenantIds: ['acme', 'demo'] },
        { _id: 'analyst-acme', tenantIds: ['acme'] },
      ]);
  });
  afterAll(async () => {
    await harness.stop();
  });

  /** Ten failed logins on our account from `ip` (brute force, one alert per address): the open alert's id. */
  async function raiseOpenAlert(ip: string): Promise<string> {
    // Recent times: the access request below puts a current event in tenant demo's chain, and detection judges
    // events by their own time within a day of the newest one (older ones are past the lateness bound).
    const recent = (i: number) => new Date(Date.now() - (10 - i) * 60_000).toISOString();
    await harness.record(
      ...Array.from({ length: 10 }, (_, i) => ({ ...failedLogin(i, 'ref-demo-acc', ip), occurredAt: recent(i) })),
    );
    const listed = await harness.graphql<{ alerts: Page<{ id: string }> }>(
      analyst,
      '{ alerts(filter: { accountId: "ref-demo-acc", status: [OPEN] }) { edges { node { id } } } }',
    );
    return nodes(listed.data!.alerts)[0]!.id;
  }

  it('requestThirdPartyAccess: files for our account, NOT_FOUND for another tenant’s or a missing one', async () => {
    const request = `mutation ($accountId: ID!) {
      requestThirdPartyAccess(input: { tenantId: "demo", accountId: $accountId, appName: "QuickLoans", scopes: ["profile:read"] }) { id }
    }`;
    expect((await harness.graphql(crm, request, { accountId: 'ref-demo-acc' })).errors).toBeUndefined();
    for (const accountId of ['ref-acme-acc', 'ref-missing']) {
      const refused = await harness.graphql(crm, request, { accountId });
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(refused.errors?.[0]?.message).toBe(`No account "${accountId}" in tenant "demo".`);
    }
  });

  it('sendTestAlert: NOT_FOUND for another tenant’s or a missing account', async () => {
    for (const accountId of ['ref-acme-acc', 'ref-missing']) {
      const refused = await harness.graphql(
        analyst,
        `mutation ($a: ID) { sendTestAlert(tenantId: "demo", accountId: $a) { id } }`,
        {
          a: accountId,
        },
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('closeAlert(ESCALATED): NOT_FOUND for another tenant’s or a missing case; escalates to our case', async () => {
    const alertId = await raiseOpenAlert('198.51.100.9');
    await harness.graphql(analyst, `mutation { acknowledgeAlert(id: "${alertId}") { id } }`);
    const close = `mutation ($caseId: ID) {
      closeAlert(input: { alertId: "${alertId}", status: ESCALATED, reason: "to recovery", caseId: $caseId }) { status caseId }
    }`;
    for (const caseId of ['case-acme-1', 'case-missing']) {
      const refused = await harness.graphql(analyst, close, { caseId });
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(refused.errors?.[0]?.message).toBe(`No recovery case "${caseId}" in tenant "demo".`);
    }
    const escalated = await harness.graphql(analyst, close, { caseId: 'case-demo-1' });
    expect(escalated.errors).toBeUndefined();
    expect(escalated.data?.closeAlert).toEqual({ status: 'ESCALATED', caseId: 'case-demo-1' });
  });

  it("assignAlert: to an agent of the alert's tenant; NOT_FOUND for another tenant's agent or a made-up subject", async () => {
    const alertId = await raiseOpenAlert('198.51.100.19');
    const assign = `mutation ($assignee: String) { assignAlert(id: "${alertId}", assignee: $assignee) { assignee } }`;
    // An alert handed to nobody who can open it is lost from every queue that counts on its assignee.
    for (const assignee of ['analyst-acme', 'analyst-typo']) {
      const refused = await harness.graphql(analyst, assign, { assignee });
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(refused.errors?.[0]?.message).toBe(`No agent "${assignee}" in tenant "demo".`);
    }
    for (const assignee of ['analyst-demo', 'analyst-both', null]) {
      const assigned = await harness.graphql<{ assignAlert: { assignee: string | null } }>(analyst, assign, { assignee });
      expect(assigned.errors).toBeUndefined();
      expect(assigned.data?.assignAlert.assignee).toBe(assignee);
    }
  });
});
