/**
 * Every id a recovery-cases mutation takes must be the tenant's: another tenant's account, alert, agent or case
 * gets the same NOT_FOUND as a missing one, even for a caller who may see both tenants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNED_ENTITIES } from '@vigil/core';
import { DEMO_SEED, as, startRecoveryCases, supervisor } from './harness.js';
import { recoverySteps } from './flows.js';

const { accounts, agents } = DEMO_SEED;
const bothTenants = as(['SUPERVISOR'], ['demo', 'acme'], 'sup-both');
const OPEN = `mutation ($input: OpenRecoveryCaseInput!) { openRecoveryCase(input: $input) { id } }`;

describe('recovery-cases: references are checked against the tenant', () => {
  let rc: Awaited<ReturnType<typeof startRecoveryCases>>;
  let acmeCaseId: string;
  beforeAll(async () => {
    rc = await startRecoveryCases();
    await rc.db.connection
      .useDb(OWNED_ENTITIES.alert.dbName)
      .collection<{ _id: string; tenantId: string }>(OWNED_ENTITIES.alert.collection)
      .insertMany([
        { _id: 'alert-demo-1', tenantId: 'demo' },
        { _id: 'alert-acme-1', tenantId: 'acme' },
      ]);
    const acme = await rc.ok<{ openRecoveryCase: { id: string } }>(bothTenants, OPEN, {
      input: { tenantId: 'acme', accountId: accounts.alex, reason: 'LOCKED_OUT', channel: 'PHONE' },
    });
    acmeCaseId = acme.openRecoveryCase.id;
  });
  afterAll(async () => {
    await rc?.stop();
  });

  const openDemo = (extra: Record<string, unknown>) =>
    rc.call(bothTenants, OPEN, {
      input: { tenantId: 'demo', accountId: accounts.jordan, reason: 'LOCKED_OUT', channel: 'PHONE', ...extra },
    });

  it('openRecoveryCase: NOT_FOUND for another tenant’s or a missing account', async () => {
    for (const accountId of [accounts.alex, 'acc-nobody']) {
      const refused = await openDemo({ accountId });
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(refused.errors?.[0]?.message).toBe(`No account "${accountId}" in tenant "demo".`);
    }
  });

  it('openRecoveryCase: NOT_FOUND for another tenant’s or a missing linked alert; our alert links', async () => {
    for (const alertId of ['alert-acme-1', 'alert-nobody']) {
      const refused = await openDemo({ linkedAlertIds: ['alert-demo-1', alertId] });
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(refused.errors?.[0]?.message).toBe(`No alert "${alertId}" in tenant "demo".`);
    }
    expect((await openDemo({ linkedAlertIds: ['alert-demo-1'] })).errors).toBeUndefined();
  });

  it('assignRecoveryCase and openRecoveryCase(assigneeId): NOT_FOUND for another tenant’s or a missing agent', async () => {
    const opened = await recoverySteps(rc).open(supervisor, accounts.priya, 'LOCKED_OUT', 'CHAT');
    for (const agentId of [agents.acmeAgent, 'agent-nobody']) {
      const assigned = await rc.call(
        supervisor,
        `mutation { assignRecoveryCase(caseId: "${opened.id}", agentId: "${agentId}") { id } }`,
      );
      expect(assigned.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(assigned.errors?.[0]?.message).toBe(`No agent "${agentId}" in tenant "demo".`);
      const refused = await openDemo({ assigneeId: agentId });
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('case mutations: NOT_FOUND for another tenant’s case, exactly as for a missing one', async () => {
    const demoOnly = as(['SUPERVISOR'], ['demo'], agents.supervisor);
    const mutations = [
      (id: string) => `mutation { assignRecoveryCase(caseId: "${id}") { id } }`,
      (id: string) => `mutation { changeRecoveryCaseStatus(caseId: "${id}", status: REJECTED, reason: "x") { id } }`,
      (id: string) => `mutation { addCaseNote(caseId: "${id}", body: "hello") { id } }`,
      (id: string) => `mutation { setWaitingOnCustomer(caseId: "${id}", waiting: true) { id } }`,
      (id: string) => `mutation { sendVerificationCode(caseId: "${id}") { challengeId } }`,
      (id: string) => `mutation { issuePasswordReset(caseId: "${id}") { grantId } }`,
      (id: string) => `mutation { requestContactChange(caseId: "${id}", field: EMAIL, newValue: "new@example.com") { id } }`,
    ];
    for (const mutation of mutations) {
      const foreign = await rc.call(demoOnly, mutation(acmeCaseId));
      const missing = await rc.call(demoOnly, mutation('00000000-0000-4000-8000-000000000000'));
      expect(foreign.errors?.[0]?.extensions?.code, mutation('…')).toBe('NOT_FOUND');
      expect(missing.errors?.[0]?.extensions?.code, mutation('…')).toBe('NOT_FOUND');
      expect(foreign.errors?.[0]?.message.replace(acmeCaseId, 'ID')).toBe(
        missing.errors?.[0]?.message.replace('00000000-0000-4000-8000-000000000000', 'ID'),
      );
    }
  });
});
