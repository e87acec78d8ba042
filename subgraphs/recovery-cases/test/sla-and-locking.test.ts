import { describe, expect, it } from 'vitest';
import { DEMO_SEED, agent, as, supervisor } from './harness.js';
import { lastResetLinkTo, recoveryCasesPerSuite } from './flows.js';

const { accounts } = DEMO_SEED;
const MIN = 60_000;

describe('locking, SLA timers and breaches', () => {
  const suite = recoveryCasesPerSuite();

  it('locks a case after 3 failed verifications; only a supervisor unlocks it', async () => {
    const opened = await suite.steps.open(agent, accounts.jordan, 'FORGOTTEN_PASSWORD', 'PHONE');
    for (const method of ['SECURITY_QUESTIONS', 'KNOWLEDGE_BASED']) {
      expect((await suite.steps.verify(agent, opened.id, method, 'FAILED')).data?.recordVerification.status).toBe('VERIFYING');
    }
    const third = await suite.steps.verify(agent, opened.id, 'CALL_BACK', 'FAILED');
    expect(third.data?.recordVerification).toMatchObject({
      status: 'LOCKED',
      verificationProgress: { failedAttempts: 3, maxFailedAttempts: 3 },
    });
    expect(third.data?.recordVerification.history.at(-1)).toMatchObject({ from: 'VERIFYING', to: 'LOCKED', actorId: 'system' });

    const fourth = await suite.steps.verify(agent, opened.id, 'DOCUMENT_CHECK', 'PASSED');
    expect(fourth.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: expect.stringContaining('SUPERVISOR'),
    });
    expect(
      (await suite.steps.changeStatus(agent, opened.id, 'VERIFYING', 'let me try again')).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');

    const unlocked = await suite.steps.changeStatus(supervisor, opened.id, 'VERIFYING', 'caller identity reviewed on recording');
    expect(unlocked.data?.changeRecoveryCaseStatus).toMatchObject({
      status: 'VERIFYING',
      verificationProgress: { failedAttempts: 0 },
    });
    expect(
      (await suite.steps.verify(agent, opened.id, 'DOCUMENT_CHECK', 'PASSED')).data?.recordVerification.verificationProgress
        .passesCounted,
    ).toBe(1);
  });

  it('honours the tenant lock threshold', async () => {
    const admin = as(['ADMIN'], ['demo'], DEMO_SEED.agents.admin);
    await suite.rc.ok(
      admin,
      `mutation { updateRecoverySettings(tenantId: "demo", input: { maxFailedAttempts: 2 }) { maxFailedAttempts } }`,
    );
    const opened = await suite.steps.open(agent, accounts.priya, 'LOCKED_OUT', 'PHONE');
    await suite.steps.verify(agent, opened.id, 'SECURITY_QUESTIONS', 'FAILED');
    expect((await suite.steps.verify(agent, opened.id, 'CALL_BACK', 'FAILED')).data?.recordVerification.status).toBe('LOCKED');
    await suite.rc.ok(
      admin,
      `mutation { updateRecoverySettings(tenantId: "demo", input: { maxFailedAttempts: 3 }) { maxFailedAttempts } }`,
    );
  });

  it('lets an ADMIN set what verification a reason needs, and refuses requirements that cannot be met', async () => {
    const admin = as(['ADMIN'], ['demo'], DEMO_SEED.agents.admin);
    const update = `mutation ($reqs: [VerificationRequirementInput!]!) { updateRecoverySettings(tenantId: "demo", input: { verificationRequirements: $reqs }) {
      verificationRequirements { riskLevel reason allowedMethods requiredPasses independent } } }`;
    const impossible = await suite.rc.call(admin, update, {
      reqs: [
        { reason: 'OTHER', allowedMethods: ['SECURITY_QUESTIONS', 'KNOWLEDGE_BASED'], requiredPasses: 2, independent: true },
      ],
    });
    expect(impossible.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringContaining('factor classes'),
    });
    expect((await suite.rc.call(agent, update, { reqs: [] })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const set = await suite.rc.ok<{
      updateRecoverySettings: { verificationRequirements: { reason: string | null; allowedMethods: string[] }[] };
    }>(admin, update, {
      reqs: [{ reason: 'OTHER', allowedMethods: ['DOCUMENT_CHECK'], requiredPasses: 1, independent: false }],
    });
    expect(set.updateRecoverySettings.verificationRequirements).toContainEqual({
      riskLevel: null,
      reason: 'OTHER',
      allowedMethods: ['DOCUMENT_CHECK'],
      requiredPasses: 1,
      independent: false,
    });
    const opened = await suite.steps.open(agent, accounts.sam, 'OTHER', 'PHONE', { riskLevel: 'HIGH' });
    expect((await suite.steps.verify(agent, opened.id, 'SECURITY_QUESTIONS', 'PASSED')).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await suite.steps.verify(agent, opened.id, 'DOCUMENT_CHECK', 'PASSED')).data?.recordVerification.status).toBe(
      'VERIFIED',
    );
  });

  it('breaches first response on an unanswered chat: warning then breach, dated when crossed, listed for supervisors', async () => {
    const opened = await suite.steps.open(agent, accounts.sam, 'LOCKED_OUT', 'CHAT', { priority: 'URGENT' });
    const openedAt = suite.rc.clock.now().getTime();
    suite.rc.clock.advance(20 * MIN);
    expect(await suite.rc.subgraph.sweepSla()).toBeGreaterThanOrEqual(1);

    const view = await suite.steps.get(supervisor, opened.id);
    const first = view.sla.find((t) => t.metric === 'FIRST_RESPONSE');
    expect(first).toMatchObject({ status: 'BREACHED', breachedAt: new Date(openedAt + 15 * MIN).toISOString() });
    expect(first!.remainingSeconds).toBe(-5 * 60);
    expect(view.slaEvents.filter((e) => e.metric === 'FIRST_RESPONSE').map((e) => e.kind)).toEqual([
      'ACTIVATED',
      'WARNING',
      'BREACHED',
    ]);

    const breaches = await suite.rc.ok<{
      slaBreaches: {
        edges: { node: { metric: string; priority: string; targetSeconds: number; recoveryCase: { id: string } } }[];
      };
    }>(
      supervisor,
      `{ slaBreaches(filter: { tenantId: "demo", metric: FIRST_RESPONSE }) { edges { node { metric priority targetSeconds breachedAt recoveryCase { id } } } } }`,
    );
    expect(breaches.slaBreaches.edges.map((edge) => edge.node)).toEqual([
      {
        metric: 'FIRST_RESPONSE',
        priority: 'URGENT',
        targetSeconds: 900,
        breachedAt: new Date(openedAt + 15 * MIN).toISOString(),
        recoveryCase: { id: opened.id },
      },
    ]);
    expect(
      (await suite.rc.call(agent, `{ slaBreaches(filter: { tenantId: "demo" }) { edges { node { metric } } } }`)).errors?.[0]
        ?.extensions?.code,
    ).toBe('FORBIDDEN');

    // A second sweep does not record the breach again.
    await suite.rc.subgraph.sweepSla();
    expect((await suite.steps.get(supervisor, opened.id)).slaEvents.filter((e) => e.kind === 'BREACHED')).toHaveLength(1);
  });

  it('pauses resolution while waiting on the customer, and resumes when they answer', async () => {
    const opened = await suite.steps.open(agent, accounts.jordan, 'OTHER', 'EMAIL', { priority: 'URGENT' });
    suite.rc.clock.advance(10 * MIN);
    await suite.rc.ok(agent, `mutation ($id: ID!) { setWaitingOnCustomer(caseId: $id, waiting: true) { id } }`, {
      id: opened.id,
    });
    suite.rc.clock.advance(10 * 60 * MIN);
    let view = await suite.steps.get(agent, opened.id);
    expect(view.sla.find((t) => t.metric === 'RESOLUTION')).toMatchObject({ status: 'PAUSED', elapsedSeconds: 600 });
    await suite.rc.ok(
      agent,
      `mutation ($id: ID!) { recordCaseInteraction(input: { caseId: $id, kind: EMAIL_MESSAGE, direction: INBOUND, reference: "mail-42" }) { id } }`,
      { id: opened.id },
    );
    suite.rc.clock.advance(5 * MIN);
    view = await suite.steps.get(agent, opened.id);
    expect(view.waitingOnCustomer).toBe(false);
    expect(view.sla.find((t) => t.metric === 'RESOLUTION')).toMatchObject({ status: 'ACTIVE', elapsedSeconds: 900 });
  });

  it('sends an unused, expired reset link back to VERIFIED so a new one can be issued', async () => {
    const opened = await suite.steps.open(agent, accounts.priya, 'FORGOTTEN_PASSWORD', 'PHONE', { riskLevel: 'LOW' });
    await suite.steps.verify(agent, opened.id, 'DOCUMENT_CHECK', 'PASSED');
    expect((await suite.steps.issueReset(agent, opened.id)).errors).toBeUndefined();
    const link = lastResetLinkTo(suite.rc.subgraph.outbox, 'priya.natarajan@example.com');
    suite.rc.clock.advance(31 * MIN);
    await suite.rc.subgraph.sweepSla();
    const view = await suite.steps.get(agent, opened.id);
    expect(view.status).toBe('VERIFIED');
    expect(view.history.at(-1)).toMatchObject({
      from: 'RESET_ISSUED',
      to: 'VERIFIED',
      reason: 'password reset link expired unused',
    });
    const ingest = as(['INGEST'], ['demo'], 'idp');
    const late = await suite.steps.completeReset(
      ingest,
      opened.id,
      link.searchParams.get('grant')!,
      link.searchParams.get('token')!,
    );
    expect(late.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
