import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InMemoryEventBus, Role } from '@vigil/core';
import { ACCOUNTS_DB_NAME, DEMO_SEED, createAccountsSubgraph, seedDemoTenant } from '@vigil/accounts';
import { ACTIVITY_LOGS_DB_NAME, createActivityLogsSubgraph } from '@vigil/activity-logs';
import { ALERTS_DB_NAME, createAlertsSubgraph } from '@vigil/alerts';
import { RECOVERY_CASES_DB_NAME, createRecoveryCasesSubgraph, type RecoveryCasesSubgraph } from '@vigil/recovery-cases';
import { startTestGraph, type TestGraph } from '@vigil/testing/gateway';
import { lastCodeTo, lastResetLinkTo } from './flows.js';

const { accounts, agents } = DEMO_SEED;

/**
 * The four real subgraphs composed behind the real gateway, on one embedded MongoDB and one in-memory
 * bus, as the stack runs them. Agent actions travel recovery-cases → bus → activity-logs' chain.
 */
describe('recovery cases through the gateway', () => {
  let graph: TestGraph;
  let recovery: RecoveryCasesSubgraph;
  let bus: InMemoryEventBus;

  beforeAll(async () => {
    graph = await startTestGraph({
      seed: async ({ open }) => seedDemoTenant((await open(ACCOUNTS_DB_NAME)).connection),
      subgraphs: [
        { name: 'accounts', dbName: ACCOUNTS_DB_NAME, start: createAccountsSubgraph },
        { name: 'activity-logs', dbName: ACTIVITY_LOGS_DB_NAME, start: (deps) => createActivityLogsSubgraph(deps) },
        {
          name: 'recovery-cases',
          dbName: RECOVERY_CASES_DB_NAME,
          start: async (deps) =>
            (recovery = await createRecoveryCasesSubgraph(deps, {
              env: { NODE_ENV: 'test', RECOVERY_SWEEP_INTERVAL_MS: '200' },
            })),
        },
        { name: 'alerts', dbName: ALERTS_DB_NAME, start: (deps) => createAlertsSubgraph(deps) },
      ],
    });
    bus = graph.bus;
  });

  afterAll(async () => {
    await graph?.stop();
  });

  const gql = <T>(subject: string, roles: Role[], query: string, variables?: Record<string, unknown>) =>
    graph.call<T>({ subject, roles }, query, variables);
  const asAgent = <T>(query: string, variables?: Record<string, unknown>) => gql<T>(agents.agent, ['AGENT'], query, variables);
  const asSupervisor = <T>(query: string, variables?: Record<string, unknown>) =>
    gql<T>(agents.supervisor, ['SUPERVISOR'], query, variables);
  const asAdmin = <T>(query: string, variables?: Record<string, unknown>) => gql<T>(agents.admin, ['ADMIN'], query, variables);
  const asIdp = <T>(query: string, variables?: Record<string, unknown>) => gql<T>('idp-demo', ['INGEST'], query, variables);

  const open = async (accountId: string, reason: string, channel: string, priority = 'NORMAL') => {
    const { data, errors } = await asAgent<{ openRecoveryCase: { id: string; account: { displayName: string } } }>(
      `mutation ($input: OpenRecoveryCaseInput!) { openRecoveryCase(input: $input) { id account { displayName } } }`,
      { input: { tenantId: 'demo', accountId, reason, channel, priority } },
    );
    expect(errors).toBeUndefined();
    return data!.openRecoveryCase;
  };

  it('takes a lockout case from open to resolved with one failed and two independent passed verifications, SLA met, fully logged in the activity chain', async () => {
    const opened = await open(accounts.jordan, 'LOCKED_OUT', 'CHAT', 'HIGH');
    expect(opened.account.displayName).toBe('Jordan Rivera');
    const caseId = opened.id;

    const sent = await asAgent<{ sendVerificationCode: { challengeId: string } }>(
      `mutation ($id: ID!) { sendVerificationCode(caseId: $id) { challengeId } }`,
      { id: caseId },
    );
    const challengeId = sent.data!.sendVerificationCode.challengeId;
    const code = lastCodeTo(recovery.outbox, 'jordan.rivera@example.com');
    const check = (value: string) =>
      asAgent<{ checkVerificationCode: { status: string } }>(
        `mutation ($id: ID!, $c: ID!, $code: String!) { checkVerificationCode(caseId: $id, challengeId: $c, code: $code) { status } }`,
        { id: caseId, c: challengeId, code: value },
      );
    expect((await check(code === '999999' ? '123456' : '999999')).data?.checkVerificationCode.status).toBe('VERIFYING');
    expect((await check(code)).data?.checkVerificationCode.status).toBe('VERIFYING');
    const second = (method: string) =>
      asAgent<{ recordVerification: { status: string } }>(
        `mutation ($id: ID!, $m: VerificationMethod!) { recordVerification(input: { caseId: $id, method: $m, result: PASSED }) { status } }`,
        { id: caseId, m: method },
      );
    // A call-back proves possession of the phone again, like the code did: not an independent second factor.
    expect((await second('CALL_BACK')).data?.recordVerification.status).toBe('VERIFYING');
    expect((await second('SECURITY_QUESTIONS')).data?.recordVerification.status).toBe('VERIFIED');

    expect(
      (await asAgent(`mutation ($id: ID!) { issuePasswordReset(caseId: $id) { grantId } }`, { id: caseId })).errors,
    ).toBeUndefined();
    const link = lastResetLinkTo(recovery.outbox, 'jordan.rivera@example.com');
    const resolved = await asIdp<{ completePasswordReset: { status: string; sla: { metric: string; status: string }[] } }>(
      `mutation ($id: ID!, $g: ID!, $t: String!) { completePasswordReset(caseId: $id, grantId: $g, token: $t) { status sla { metric status } } }`,
      { id: caseId, g: link.searchParams.get('grant'), t: link.searchParams.get('token') },
    );
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data?.completePasswordReset.status).toBe('RESOLVED');
    expect(resolved.data?.completePasswordReset.sla.map((t) => t.status)).toEqual(['FULFILLED', 'FULFILLED']);

    // The account's timeline (activity-logs) holds every step, in order, attributed to the agent.
    await recovery.flushAgentActions();
    await bus.idle();
    const timeline = await asSupervisor<{
      account: {
        displayName: string;
        recoveryCases: { edges: { node: { id: string; status: string } }[] };
        activity: { edges: { node: { type: string; actor: { type: string; id: string } } }[] };
      };
    }>(
      `query ($id: ID!) { account(id: $id) { displayName recoveryCases { edges { node { id status } } }
         activity(first: 50, filter: { typePrefix: "agent.action." }) { edges { node { type actor { type id } } } } } }`,
      { id: accounts.jordan },
    );
    expect(timeline.errors).toBeUndefined();
    expect(timeline.data?.account.recoveryCases.edges.map((e) => e.node)).toContainEqual({ id: caseId, status: 'RESOLVED' });
    const types = timeline.data!.account.activity.edges.map((e) => e.node.type).reverse();
    expect(types).toEqual([
      'agent.action.case.opened',
      'agent.action.case.assigned',
      'agent.action.case.status_changed',
      'agent.action.verification.otp_sent',
      'agent.action.verification.recorded',
      'agent.action.verification.recorded',
      'agent.action.verification.recorded',
      'agent.action.verification.recorded',
      'agent.action.case.status_changed',
      'agent.action.case.status_changed',
      'agent.action.reset.issued',
      'agent.action.case.status_changed',
    ]);
    expect(timeline.data!.account.activity.edges.filter((e) => e.node.actor.id === agents.agent)).toHaveLength(10);
  });

  it('breaches the SLA of a case nobody answers, and lists it for supervisors', async () => {
    const seconds = (n: number) => ({ firstResponseSeconds: n, nextResponseSeconds: 3600, resolutionSeconds: 86_400 });
    const updated = await asAdmin(
      `mutation ($targets: [SlaTargetsInput!]!) { updateRecoverySettings(tenantId: "demo", input: { slaTargets: $targets }) { tenantId } }`,
      {
        targets: [
          { priority: 'URGENT', ...seconds(1) },
          { priority: 'HIGH', ...seconds(1800) },
          { priority: 'NORMAL', ...seconds(3600) },
          { priority: 'LOW', ...seconds(14_400) },
        ],
      },
    );
    expect(updated.errors).toBeUndefined();
    const opened = await open(accounts.priya, 'SUSPECTED_COMPROMISE', 'EMAIL', 'URGENT');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const breaches = await asSupervisor<{
      slaBreaches: { edges: { node: { metric: string; recoveryCase: { id: string; account: { displayName: string } } } }[] };
    }>(
      `{ slaBreaches(filter: { tenantId: "demo", priority: URGENT }) { edges { node { metric recoveryCase { id account { displayName } } } } } }`,
    );
    expect(breaches.errors).toBeUndefined();
    expect(breaches.data?.slaBreaches.edges.map((edge) => edge.node)).toEqual([
      { metric: 'FIRST_RESPONSE', recoveryCase: { id: opened.id, account: { displayName: 'Priya Natarajan' } } },
    ]);
  });

  it('locks a case after 3 failed verifications until a supervisor reviews it, and alerts raises recovery abuse', async () => {
    const opened = await open(accounts.sam, 'FORGOTTEN_PASSWORD', 'PHONE');
    const fail = (method: string) =>
      asAgent<{ recordVerification: { status: string } }>(
        `mutation ($id: ID!, $m: VerificationMethod!) { recordVerification(input: { caseId: $id, method: $m, result: FAILED }) { status } }`,
        { id: opened.id, m: method },
      );
    await fail('SECURITY_QUESTIONS');
    await fail('KNOWLEDGE_BASED');
    expect((await fail('CALL_BACK')).data?.recordVerification.status).toBe('LOCKED');
    const again = await fail('DOCUMENT_CHECK');
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const unlock = await asSupervisor<{ changeRecoveryCaseStatus: { status: string } }>(
      `mutation ($id: ID!) { changeRecoveryCaseStatus(caseId: $id, status: VERIFYING, reason: "reviewed the call recording") { status } }`,
      { id: opened.id },
    );
    expect(unlock.data?.changeRecoveryCaseStatus.status).toBe('VERIFYING');

    // The failures travelled recovery-cases → activity-logs → alerts: a recovery-abuse alert for this case.
    await recovery.flushAgentActions();
    type AlertView = { rule: string; reasons: string[]; account: { displayName: string } };
    let abuse: AlertView | undefined;
    // activity-logs publishes after its commit, asynchronously: poll briefly instead of guessing a delay.
    for (let attempt = 0; attempt < 50 && !abuse; attempt++) {
      await bus.idle();
      const alerts = await gql<{ alerts: { edges: { node: AlertView }[] } }>(
        'analyst-1',
        ['SECURITY_ANALYST'],
        `query ($id: ID!) { alerts(filter: { accountId: $id }) { edges { node { rule reasons account { displayName } } } } }`,
        {
          id: accounts.sam,
        },
      );
      expect(alerts.errors).toBeUndefined();
      abuse = alerts.data?.alerts.edges.map((edge) => edge.node).find((a) => a.rule === 'recovery-abuse');
      if (!abuse) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(abuse).toMatchObject({ account: { displayName: 'Sam Okafor' } });
    expect(abuse?.reasons.join(' ')).toContain(opened.id);
  });

  it("resolves Agent.assignedCases and the assignee's name across subgraphs", async () => {
    const { data, errors } = await asSupervisor<{
      agent: { displayName: string; assignedCases: { edges: { node: { id: string } }[] } };
    }>(`query ($id: ID!) { agent(id: $id) { displayName assignedCases { edges { node { id } } } } }`, { id: agents.agent });
    expect(errors).toBeUndefined();
    expect(data?.agent.displayName).toBe('Fran Floor');
    expect(data?.agent.assignedCases.edges.length).toBeGreaterThanOrEqual(3);
  });
});
