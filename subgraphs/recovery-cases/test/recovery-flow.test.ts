import { describe, expect, it } from 'vitest';
import { DEMO_SEED, agent, auditor, ingest, supervisor } from './harness.js';
import { lastCodeTo, lastResetLinkTo, recoveryCasesPerSuite } from './flows.js';

const { accounts, agents } = DEMO_SEED;
const JORDAN_EMAIL = 'jordan.rivera@example.com';
const MIN = 60_000;

describe('a lockout case from open to resolved', () => {
  const suite = recoveryCasesPerSuite();

  it('verifies with one failed and two passed attempts, issues a single-use reset to the registered email, resolves within SLA, and logs every step', async () => {
    const opened = await suite.steps.open(agent, accounts.jordan, 'LOCKED_OUT', 'CHAT', { priority: 'HIGH' });
    expect(opened.status).toBe('OPEN');
    expect(opened.sla.map((t) => [t.metric, t.status])).toEqual([
      ['FIRST_RESPONSE', 'ACTIVE'],
      ['RESOLUTION', 'ACTIVE'],
    ]);
    const caseId = opened.id;

    suite.rc.clock.advance(2 * MIN);
    const sent = await suite.steps.sendCode(agent, caseId);
    expect(sent).toMatchObject({ channelType: 'EMAIL', maskedAddress: 'j***@example.com' });
    const code = lastCodeTo(suite.rc.subgraph.outbox, JORDAN_EMAIL);

    suite.rc.clock.advance(MIN);
    const wrong = code === '000000' ? '111111' : '000000';
    const failed = await suite.steps.checkCode(agent, caseId, sent.challengeId, wrong);
    expect(failed.errors).toBeUndefined();
    expect(failed.data?.checkVerificationCode).toMatchObject({
      status: 'VERIFYING',
      verificationProgress: { passesCounted: 0, passesRequired: 2, failedAttempts: 1 },
    });

    const passed = await suite.steps.checkCode(agent, caseId, sent.challengeId, code);
    expect(passed.data?.checkVerificationCode.verificationProgress.passesCounted).toBe(1);
    // The same code cannot be used twice.
    const reused = await suite.steps.checkCode(agent, caseId, sent.challengeId, code);
    expect(reused.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    suite.rc.clock.advance(MIN);
    const verified = await suite.steps.verify(agent, caseId, 'SECURITY_QUESTIONS', 'PASSED', 'kba-session-77');
    expect(verified.data?.recordVerification).toMatchObject({ status: 'VERIFIED', verificationProgress: { passesCounted: 2 } });
    expect(verified.data?.recordVerification.verifications.map((v) => `${v.method}:${v.result}`)).toEqual([
      'OTP:FAILED',
      'OTP:PASSED',
      'SECURITY_QUESTIONS:PASSED',
    ]);

    suite.rc.clock.advance(MIN);
    const reset = await suite.steps.issueReset(agent, caseId);
    expect(reset.errors).toBeUndefined();
    expect(reset.data?.issuePasswordReset).toMatchObject({
      maskedAddress: 'j***@example.com',
      recoveryCase: { status: 'RESET_ISSUED' },
    });
    const link = lastResetLinkTo(suite.rc.subgraph.outbox, JORDAN_EMAIL);
    expect(link.searchParams.get('case')).toBe(caseId);
    const grantId = link.searchParams.get('grant')!;
    const token = link.searchParams.get('token')!;

    // An agent cannot complete the reset on the customer's behalf; a wrong token is refused.
    expect((await suite.steps.completeReset(agent, caseId, grantId, token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(
      (await suite.steps.completeReset(ingest, caseId, grantId, `${token.slice(0, -2)}xx`)).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');

    suite.rc.clock.advance(5 * MIN);
    const resolved = await suite.steps.completeReset(ingest, caseId, grantId, token);
    expect(resolved.errors).toBeUndefined();
    const done = resolved.data!.completePasswordReset;
    expect(done.status).toBe('RESOLVED');
    expect(done.history.map((h) => `${h.from}>${h.to}`)).toEqual([
      'OPEN>VERIFYING',
      'VERIFYING>VERIFIED',
      'VERIFIED>RESET_ISSUED',
      'RESET_ISSUED>RESOLVED',
    ]);
    expect(done.history[1]).toMatchObject({ actorId: 'system', reason: expect.stringContaining('2 of 2') });
    expect(done.sla.every((t) => t.status === 'FULFILLED')).toBe(true);
    expect(done.milestones.resolvedAt).toBe('2026-01-05T10:10:00.000Z');
    expect((await suite.steps.completeReset(ingest, caseId, grantId, token)).errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const breaches = await suite.rc.ok<{ slaBreaches: { edges: unknown[] } }>(
      supervisor,
      `{ slaBreaches(filter: { tenantId: "demo" }) { edges { node { metric } } } }`,
    );
    expect(breaches.slaBreaches.edges).toEqual([]);

    await suite.rc.settle();
    const log = suite.rc.actions.filter((a) => a.caseId === caseId);
    expect(log.map((a) => a.action)).toEqual([
      'case.opened',
      'case.assigned',
      'case.status_changed', // OPEN → VERIFYING on the code being sent
      'verification.otp_sent',
      'verification.recorded', // OTP FAILED
      'verification.recorded', // OTP PASSED
      'verification.recorded', // SECURITY_QUESTIONS PASSED
      'case.status_changed', // VERIFYING → VERIFIED
      'case.status_changed', // VERIFIED → RESET_ISSUED
      'reset.issued',
      'case.status_changed', // RESET_ISSUED → RESOLVED
    ]);
    expect(log.every((a) => a.tenantId === 'demo' && a.accountId === accounts.jordan)).toBe(true);
    expect(log.filter((a) => a.action === 'verification.recorded').map((a) => a.metadata?.result)).toEqual([
      'FAILED',
      'PASSED',
      'PASSED',
    ]);
    // No secret or evidence reference leaves through the activity log.
    const serialized = JSON.stringify(log);
    expect(serialized).not.toContain(code);
    expect(serialized).not.toContain(token);
    expect(serialized).not.toContain('kba-session-77');
    expect(serialized).not.toContain(JORDAN_EMAIL);
    expect(new Set(log.map((a) => a.actionId)).size).toBe(log.length);
  });

  it('shows verification evidence references to SUPERVISOR and AUDITOR only', async () => {
    const opened = await suite.steps.open(agent, accounts.priya, 'FORGOTTEN_PASSWORD', 'PHONE', { riskLevel: 'LOW' });
    await suite.steps.verify(agent, opened.id, 'DOCUMENT_CHECK', 'PASSED', 'doc-scan-123');
    const query = `query ($id: ID!) { recoveryCase(id: $id) { verifications { method evidenceRef } } }`;
    const asAgent = await suite.rc.call<{ recoveryCase: { verifications: { evidenceRef: string | null }[] } }>(agent, query, {
      id: opened.id,
    });
    expect(asAgent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(asAgent.data)).not.toContain('doc-scan-123');
    for (const reader of [supervisor, auditor]) {
      const data = await suite.rc.ok<{ recoveryCase: { verifications: { evidenceRef: string }[] } }>(reader, query, {
        id: opened.id,
      });
      expect(data.recoveryCase.verifications[0]?.evidenceRef).toBe('doc-scan-123');
    }
  });

  it('names the current state and the allowed moves when a move is not allowed', async () => {
    const opened = await suite.steps.open(agent, accounts.priya, 'OTHER', 'EMAIL');
    const response = await suite.steps.changeStatus(agent, opened.id, 'RESOLVED', 'customer says it works');
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      state: 'OPEN',
      requested: 'RESOLVED',
      allowedTransitions: ['VERIFYING', 'ESCALATED', 'REJECTED', 'EXPIRED'],
    });
    expect(response.errors?.[0]?.message).toContain('from OPEN to RESOLVED');
    const systemOnly = await suite.steps.changeStatus(agent, opened.id, 'VERIFIED', 'trust me');
    expect(systemOnly.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives the case to the next available agent in round-robin when a supervisor opens it', async () => {
    const opened = await suite.steps.open(supervisor, accounts.sam, 'LOST_FACTOR', 'EMAIL');
    // The demo tenant has one AGENT (the supervisor is not in the rotation).
    expect(opened.assigneeId).toBe(agents.agent);
  });
});
