import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS, type AgentActionPayload, type Role } from '@vigil/core';
import { ACCOUNTS_DB_NAME, DEMO_SEED, createAccountsSubgraph, seedDemoTenant } from '@vigil/accounts';
import { RECOVERY_CASES_DB_NAME, createRecoveryCasesSubgraph, type RecoveryCasesSubgraph } from '@vigil/recovery-cases';
import { startTestGraph, type TestGraph } from '@vigil/testing/gateway';
import { loadRecoveryConfig } from '../src/config.js';
import { lastCodeTo, lastResetLinkTo } from './flows.js';
import { TestClock } from './harness.js';

const { agents } = DEMO_SEED;
const HOUR = 3_600_000;
const COOLING_OFF_HOURS = 24;

/**
 * A reset link or code does not go to an email or phone number changed less than RECOVERY_CONTACT_COOLING_OFF_HOURS
 * ago, unless a second person approved that address on a recovery case (ADR 150): the change-first, case-later path
 * around ADR 139. The real accounts and recovery-cases subgraphs behind the real gateway, on one embedded MongoDB;
 * accounts stamps changes with the wall clock, recovery-cases reads a clock the test moves forward from it.
 */
describe('recently changed contact addresses cool off before recovery', () => {
  let graph: TestGraph;
  let recovery: RecoveryCasesSubgraph;
  const clock = new TestClock(new Date());
  const actions: AgentActionPayload[] = [];

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
              env: {
                NODE_ENV: 'test',
                RECOVERY_SWEEP_INTERVAL_MS: '3600000',
                RECOVERY_CONTACT_COOLING_OFF_HOURS: String(COOLING_OFF_HOURS),
              },
              clock: clock.now,
            })),
        },
      ],
    });
    // As activity-logs would: a relayed action may arrive more than once, and counts once.
    const seen = new Set<string>();
    await graph.bus.subscribe<AgentActionPayload>(TOPICS.agentAction, 'test-activity-log', async (message) => {
      if (seen.has(message.dedupeKey)) return;
      seen.add(message.dedupeKey);
      actions.push(message.payload);
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

  let made = 0;
  /** A new account of its own per test, its email and phone on verified channels. */
  const createAccount = async () => {
    made += 1;
    const email = `cooling.${made}.${Date.now()}@example.com`;
    const phone = `+1555555${String(1000 + made)}`;
    const created = await supervisor<{ createAccount: { id: string } }>(
      `mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
      {
        input: {
          tenantId: 'demo',
          displayName: `Cooling ${made}`,
          email,
          phone,
          contactChannels: [
            { type: 'EMAIL', address: email, verified: true, alertsOptedOut: false },
            { type: 'SMS', address: phone, verified: true, alertsOptedOut: false },
          ],
        },
      },
    );
    expect(created.errors).toBeUndefined();
    return { id: created.data!.createAccount.id, email, phone };
  };
  /** The supervisor points the account's email (and its EMAIL channel) at `email`. */
  const changeEmail = async (account: { id: string; phone: string }, email: string) => {
    const updated = await supervisor(
      `mutation ($id: ID!, $input: UpdateAccountInput!) { updateAccount(id: $id, input: $input) { id } }`,
      {
        id: account.id,
        input: {
          email,
          contactChannels: [
            { type: 'EMAIL', address: email, verified: true, alertsOptedOut: false },
            { type: 'SMS', address: account.phone, verified: true, alertsOptedOut: false },
          ],
        },
      },
    );
    expect(updated.errors).toBeUndefined();
  };
  const openCase = async (accountId: string) => {
    const { data, errors } = await agent<{ openRecoveryCase: { id: string } }>(
      `mutation ($input: OpenRecoveryCaseInput!) { openRecoveryCase(input: $input) { id } }`,
      { input: { tenantId: 'demo', accountId, reason: 'FORGOTTEN_PASSWORD', channel: 'PHONE', riskLevel: 'LOW' } },
    );
    expect(errors).toBeUndefined();
    return data!.openRecoveryCase.id;
  };
  const sendCode = (caseId: string, channel: 'EMAIL' | 'SMS') =>
    agent<{ sendVerificationCode: { challengeId: string } }>(
      `mutation ($id: ID!, $channel: DeliveryChannel) { sendVerificationCode(caseId: $id, channel: $channel) { challengeId } }`,
      { id: caseId, channel },
    );
  const verifyByDocument = async (caseId: string) => {
    const verified = await agent<{ recordVerification: { status: string } }>(
      `mutation ($input: RecordVerificationInput!) { recordVerification(input: $input) { status } }`,
      { input: { caseId, method: 'DOCUMENT_CHECK', result: 'PASSED' } },
    );
    expect(verified.data?.recordVerification.status).toBe('VERIFIED');
  };
  const issueReset = (caseId: string, channel: 'EMAIL' | 'SMS' = 'EMAIL') =>
    agent<{ issuePasswordReset: { grantId: string } }>(
      `mutation ($id: ID!, $channel: DeliveryChannel) { issuePasswordReset(caseId: $id, channel: $channel) { grantId } }`,
      { id: caseId, channel },
    );
  const auditOf = async (caseId: string) => {
    await recovery.flushAgentActions();
    await graph.bus.idle();
    return actions.filter((a) => a.caseId === caseId);
  };

  it('cools off for 24 hours by default, between 1 hour and 30 days: no setting turns it off', () => {
    expect(loadRecoveryConfig({ NODE_ENV: 'test' }).RECOVERY_CONTACT_COOLING_OFF_HOURS).toBe(24);
    expect(
      loadRecoveryConfig({ NODE_ENV: 'test', RECOVERY_CONTACT_COOLING_OFF_HOURS: '720' }).RECOVERY_CONTACT_COOLING_OFF_HOURS,
    ).toBe(720);
    for (const refused of ['0', '721', '1.5', 'never']) {
      expect(() => loadRecoveryConfig({ NODE_ENV: 'test', RECOVERY_CONTACT_COOLING_OFF_HOURS: refused }), refused).toThrow(
        /RECOVERY_CONTACT_COOLING_OFF_HOURS/,
      );
    }
  });

  it("sends at once to a new account's addresses: creating an account is not a change", async () => {
    const account = await createAccount();
    const caseId = await openCase(account.id);
    const code = await sendCode(caseId, 'EMAIL');
    expect(code.errors).toBeUndefined();
    expect(lastCodeTo(recovery.outbox, account.email)).toMatch(/^\d+$/);
    await verifyByDocument(caseId);
    const reset = await issueReset(caseId);
    expect(reset.errors).toBeUndefined();
    expect(lastResetLinkTo(recovery.outbox, account.email).searchParams.get('grant')).toBe(
      reset.data!.issuePasswordReset.grantId,
    );
  });

  it('sends at once to an address a second person approved on a case, changed minutes ago', async () => {
    const account = await createAccount();
    const caseId = await openCase(account.id);
    const approvedEmail = `approved.${Date.now()}@example.com`;
    const requested = await agent<{ requestContactChange: { contactChanges: { id: string }[] } }>(
      `mutation ($id: ID!, $v: String!) { requestContactChange(caseId: $id, field: EMAIL, newValue: $v) { contactChanges { id } } }`,
      { id: caseId, v: approvedEmail },
    );
    const decided = await supervisor(
      `mutation ($id: ID!, $r: ID!) { decideContactChange(caseId: $id, requestId: $r, approve: true, reason: "caller verified by document") { id } }`,
      { id: caseId, r: requested.data!.requestContactChange.contactChanges[0]!.id },
    );
    expect(decided.errors).toBeUndefined();
    await changeEmail(account, approvedEmail);

    await verifyByDocument(caseId);
    const reset = await issueReset(caseId);
    expect(reset.errors).toBeUndefined();
    expect(lastResetLinkTo(recovery.outbox, approvedEmail).searchParams.get('grant')).toBe(
      reset.data!.issuePasswordReset.grantId,
    );
  });

  it('withholds the code and the reset link from an email changed before the case opened, audited, until the cooling-off ends', async () => {
    const account = await createAccount();
    const newEmail = `changed.${Date.now()}@example.com`;
    await changeEmail(account, newEmail);
    const caseId = await openCase(account.id);

    const refusedCode = await sendCode(caseId, 'EMAIL');
    expect(refusedCode.errors?.[0]).toMatchObject({
      message: expect.stringContaining(`${COOLING_OFF_HOURS} hours`),
      extensions: { code: 'CONFLICT', reason: 'CONTACT_RECENTLY_CHANGED', channel: 'EMAIL', usableAt: expect.any(String) },
    });
    const usableAt = new Date(String(refusedCode.errors![0]!.extensions!.usableAt));
    expect(usableAt.getTime()).toBeGreaterThan(clock.now().getTime() + (COOLING_OFF_HOURS - 1) * HOUR);
    expect(usableAt.getTime()).toBeLessThanOrEqual(clock.now().getTime() + COOLING_OFF_HOURS * HOUR + 5 * 60_000);
    // The refusal does not repeat the address: it is personal data, and may be an attacker's.
    expect(JSON.stringify(refusedCode.errors)).not.toContain(newEmail);

    // The phone number was not changed: a code goes to it at once.
    const smsCode = await sendCode(caseId, 'SMS');
    expect(smsCode.errors).toBeUndefined();
    expect(lastCodeTo(recovery.outbox, account.phone)).toMatch(/^\d+$/);

    await verifyByDocument(caseId);
    const refusedReset = await issueReset(caseId);
    expect(refusedReset.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'CONTACT_RECENTLY_CHANGED',
      channel: 'EMAIL',
    });
    expect(recovery.outbox?.messagesTo(newEmail)).toEqual([]);

    const audit = await auditOf(caseId);
    const withheld = audit.filter((a) => a.action === 'verification.otp_withheld' || a.action === 'reset.withheld');
    expect(withheld.map((a) => a.action)).toEqual(['verification.otp_withheld', 'reset.withheld']);
    expect(withheld[0]!.metadata).toMatchObject({
      channelType: 'EMAIL',
      reason: 'CONTACT_RECENTLY_CHANGED',
      usableAt: usableAt.toISOString(),
    });
    expect(JSON.stringify(withheld)).not.toContain(newEmail);
    expect(audit.some((a) => a.action === 'reset.issued')).toBe(false);

    // Once the cooling-off has passed, the address is the account's like any other.
    clock.advance(COOLING_OFF_HOURS * HOUR + 10 * 60_000);
    const reset = await issueReset(caseId);
    expect(reset.errors).toBeUndefined();
    expect(lastResetLinkTo(recovery.outbox, newEmail).searchParams.get('grant')).toBe(reset.data!.issuePasswordReset.grantId);
  });
});
