import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@vigil/core';
import { ACCOUNTS_DB_NAME, DEMO_SEED, createAccountsSubgraph, seedDemoTenant } from '@vigil/accounts';
import { RECOVERY_CASES_DB_NAME, createRecoveryCasesSubgraph, type RecoveryCasesSubgraph } from '@vigil/recovery-cases';
import { startTestGraph, type TestGraph } from '@vigil/testing/gateway';
import { lastResetLinkTo } from './flows.js';

const { accounts, agents } = DEMO_SEED;
const THIEF = 'thief@evil.example';

interface Channel {
  type: string;
  address: string;
  verified: boolean;
  alertsOptedOut: boolean;
}

/**
 * A contact change during a recovery takes two people: requested on the case, decided by a supervisor who did not ask
 * (ADR 139). accounts' updateAccount — a SUPERVISOR alone — must not be the way around it. The real accounts and
 * recovery-cases subgraphs behind the real gateway, on one embedded MongoDB.
 */
describe('contact details during a recovery', () => {
  let graph: TestGraph;
  let recovery: RecoveryCasesSubgraph;

  beforeAll(async () => {
    graph = await startTestGraph({
      seed: async ({ open }) => seedDemoTenant((await open(ACCOUNTS_DB_NAME)).connection),
      subgraphs: [
        { name: 'accounts', dbName: ACCOUNTS_DB_NAME, start: createAccountsSubgraph },
        {
          name: 'recovery-cases',
          dbName: RECOVERY_CASES_DB_NAME,
          start: async (deps) =>
            (recovery = await createRecoveryCasesSubgraph(deps, {
              env: { NODE_ENV: 'test', RECOVERY_SWEEP_INTERVAL_MS: '3600000' },
            })),
        },
      ],
    });
  });
  afterAll(async () => {
    await graph?.stop();
  });

  const as =
    (subject: string, roles: Role[]) =>
    <T>(query: string, variables?: Record<string, unknown>) =>
      graph.call<T>({ subject, roles }, query, variables);
  const agent = as(agents.agent, ['AGENT']);
  const supervisor = as(agents.supervisor, ['SUPERVISOR']);

  const openCase = async (accountId: string) => {
    const { data, errors } = await agent<{ openRecoveryCase: { id: string } }>(
      `mutation ($input: OpenRecoveryCaseInput!) { openRecoveryCase(input: $input) { id } }`,
      { input: { tenantId: 'demo', accountId, reason: 'FORGOTTEN_PASSWORD', channel: 'PHONE', riskLevel: 'LOW' } },
    );
    expect(errors).toBeUndefined();
    return data!.openRecoveryCase.id;
  };
  const update = (id: string, input: Record<string, unknown>) =>
    supervisor<{ updateAccount: { email: string; displayName: string; contactChannels: Channel[] } }>(
      `mutation ($id: ID!, $input: UpdateAccountInput!) {
         updateAccount(id: $id, input: $input) { email displayName contactChannels { type address verified alertsOptedOut } } }`,
      { id, input },
    );
  const channelsOf = async (id: string) =>
    (
      await supervisor<{ account: { email: string; phone: string | null; contactChannels: Channel[] } }>(
        `query ($id: ID!) { account(id: $id) { email phone contactChannels { type address verified alertsOptedOut } } }`,
        { id },
      )
    ).data!.account;

  it('refuses a lone supervisor redirecting the email mid-recovery, and the reset still goes to the customer', async () => {
    const caseId = await openCase(accounts.jordan);
    const before = await channelsOf(accounts.jordan);
    const swapped = before.contactChannels.map((c) => (c.type === 'EMAIL' ? { ...c, address: THIEF, verified: true } : c));
    for (const input of [
      { email: THIEF },
      { contactChannels: swapped },
      { contactChannels: [...before.contactChannels, { type: 'EMAIL', address: THIEF, verified: true, alertsOptedOut: false }] },
      { phone: '+15555559999' },
    ]) {
      const refused = await update(accounts.jordan, input);
      expect(refused.errors?.[0]).toMatchObject({
        message: expect.stringContaining('unfinished recovery case'),
        extensions: { code: 'CONFLICT', recoveryCaseIds: [caseId] },
      });
      expect(JSON.stringify(refused.errors)).not.toContain(THIEF);
    }
    expect(await channelsOf(accounts.jordan)).toEqual(before);

    // Account maintenance that sends nothing elsewhere goes on: the name, an alert opt-out on a channel on file.
    const optedOut = before.contactChannels.map((c, i) => (i === 0 ? { ...c, alertsOptedOut: !c.alertsOptedOut } : c));
    const kept = await update(accounts.jordan, { displayName: 'Jordan A. Rivera', contactChannels: optedOut });
    expect(kept.errors).toBeUndefined();

    // The attack's aim: the reset link. It goes to the address on file, not the thief's.
    await agent(`mutation ($input: RecordVerificationInput!) { recordVerification(input: $input) { id } }`, {
      input: { caseId, method: 'DOCUMENT_CHECK', result: 'PASSED' },
    });
    const reset = await agent<{ issuePasswordReset: { grantId: string } }>(
      `mutation ($id: ID!) { issuePasswordReset(caseId: $id) { grantId } }`,
      { id: caseId },
    );
    expect(reset.errors).toBeUndefined();
    expect(lastResetLinkTo(recovery.outbox, before.email).searchParams.get('grant')).toBe(reset.data!.issuePasswordReset.grantId);
    expect(recovery.outbox?.messagesTo(THIEF)).toEqual([]);
  });

  it('applies, through updateAccount, a change a second person approved on the case, and nothing else', async () => {
    const caseId = await openCase(accounts.priya);
    const approvedEmail = 'priya.new@example.com';
    const requested = await agent<{ requestContactChange: { contactChanges: { id: string }[] } }>(
      `mutation ($id: ID!, $v: String!) { requestContactChange(caseId: $id, field: EMAIL, newValue: $v) { contactChanges { id } } }`,
      { id: caseId, v: approvedEmail },
    );
    const requestId = requested.data!.requestContactChange.contactChanges[0]!.id;

    // Pending is not approved.
    expect((await update(accounts.priya, { email: approvedEmail })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const decided = await supervisor(
      `mutation ($id: ID!, $r: ID!) { decideContactChange(caseId: $id, requestId: $r, approve: true, reason: "caller verified by document") { id } }`,
      { id: caseId, r: requestId },
    );
    expect(decided.errors).toBeUndefined();

    const before = await channelsOf(accounts.priya);
    const moved = before.contactChannels.map((c) => (c.type === 'EMAIL' ? { ...c, address: approvedEmail } : c));
    const applied = await update(accounts.priya, { email: approvedEmail, contactChannels: moved });
    expect(applied.errors).toBeUndefined();
    expect(applied.data?.updateAccount.email).toBe(approvedEmail);
    // The approval covers that one value: another address is still refused.
    expect((await update(accounts.priya, { email: THIEF })).errors?.[0]?.extensions?.code).toBe('CONFLICT');

    // Once no recovery is under way, contact details are ordinary account maintenance again.
    const closed = await agent(
      `mutation ($id: ID!) { changeRecoveryCaseStatus(caseId: $id, status: REJECTED, reason: "customer hung up") { id } }`,
      { id: caseId },
    );
    expect(closed.errors).toBeUndefined();
    expect((await update(accounts.priya, { email: 'priya.other@example.com' })).errors).toBeUndefined();
  });
});
