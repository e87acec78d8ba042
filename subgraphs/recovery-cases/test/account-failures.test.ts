import { describe, expect, it } from 'vitest';
import { DEMO_SEED, agent, supervisor } from './harness.js';
import { lastCodeTo, recoveryCasesPerSuite } from './flows.js';

const { accounts } = DEMO_SEED;
const PRIYA_EMAIL = 'priya.natarajan@example.com';
const HOUR = 3_600_000;

/**
 * The failed-verification lock is the account's, not one case's (ADR 129): a caller who failed on one case must not
 * get fresh guesses by having a case opened again, nor by spreading guesses over several open cases.
 */
describe('failed verifications lock across the cases of an account', () => {
  const suite = recoveryCasesPerSuite();

  it('locks a new case of an account whose other case was locked, before the code is even checked', async () => {
    const first = await suite.steps.open(agent, accounts.priya, 'FORGOTTEN_PASSWORD', 'PHONE', { riskLevel: 'LOW' });
    for (const method of ['SECURITY_QUESTIONS', 'KNOWLEDGE_BASED', 'CALL_BACK']) {
      await suite.steps.verify(agent, first.id, method, 'FAILED');
    }
    expect((await suite.steps.get(supervisor, first.id)).status).toBe('LOCKED');

    // The same caller, a new case: even the right code does not verify it.
    const second = await suite.steps.open(agent, accounts.priya, 'FORGOTTEN_PASSWORD', 'PHONE', { riskLevel: 'LOW' });
    const sent = await suite.steps.sendCode(agent, second.id);
    const checked = await suite.steps.checkCode(
      agent,
      second.id,
      sent.challengeId,
      lastCodeTo(suite.rc.subgraph.outbox, PRIYA_EMAIL),
    );
    expect(checked.errors).toBeUndefined();
    expect(checked.data?.checkVerificationCode).toMatchObject({ status: 'LOCKED', verifications: [] });
    expect(checked.data?.checkVerificationCode.history.at(-1)).toMatchObject({
      to: 'LOCKED',
      actorId: 'system',
      reason: expect.stringContaining("account's cases"),
    });

    // A supervisor's review of this case lets it go on.
    await suite.rc.ok(
      supervisor,
      `mutation ($id: ID!) { changeRecoveryCaseStatus(caseId: $id, status: VERIFYING, reason: "caller reviewed") { id } }`,
      { id: second.id },
    );
    const passed = await suite.steps.verify(agent, second.id, 'DOCUMENT_CHECK', 'PASSED');
    expect(passed.data?.recordVerification.status).toBe('VERIFIED');
  });

  it('counts failures spread over several open cases, and forgets them after 24 hours', async () => {
    const one = await suite.steps.open(agent, accounts.sam, 'LOCKED_OUT', 'PHONE', { riskLevel: 'LOW' });
    const two = await suite.steps.open(agent, accounts.sam, 'LOCKED_OUT', 'PHONE', { riskLevel: 'LOW' });
    await suite.steps.verify(agent, one.id, 'SECURITY_QUESTIONS', 'FAILED');
    await suite.steps.verify(agent, two.id, 'SECURITY_QUESTIONS', 'FAILED');
    const third = await suite.steps.verify(agent, one.id, 'KNOWLEDGE_BASED', 'FAILED');
    expect(third.data?.recordVerification.status).toBe('LOCKED');

    suite.rc.clock.advance(25 * HOUR);
    const later = await suite.steps.open(agent, accounts.sam, 'LOCKED_OUT', 'PHONE', { riskLevel: 'LOW' });
    const failed = await suite.steps.verify(agent, later.id, 'SECURITY_QUESTIONS', 'FAILED');
    expect(failed.data?.recordVerification.status).toBe('VERIFYING');
  });

  it('limits the codes sent to an account, not to one case: a new case does not send three more', async () => {
    const send = (id: string) =>
      suite.rc.call(agent, `mutation ($id: ID!) { sendVerificationCode(caseId: $id) { challengeId } }`, { id });
    const first = await suite.steps.open(agent, accounts.jordan, 'LOCKED_OUT', 'PHONE');
    for (let i = 0; i < 3; i++) expect((await send(first.id)).errors).toBeUndefined();
    const second = await suite.steps.open(agent, accounts.jordan, 'LOCKED_OUT', 'PHONE');
    const refused = await send(second.id);
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) },
      message: expect.stringContaining('account'),
    });
    suite.rc.clock.advance(16 * 60_000);
    expect((await send(second.id)).errors).toBeUndefined();
  });
});
