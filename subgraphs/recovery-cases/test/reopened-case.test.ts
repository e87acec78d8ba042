import { describe, expect, it } from 'vitest';
import { DEMO_SEED, agent, supervisor } from './harness.js';
import { recoveryCasesPerSuite } from './flows.js';

const { accounts } = DEMO_SEED;

/** A reopened case is a new call: whoever is on the line proves who they are again (ADR 130). */
describe('verification of a reopened case', () => {
  const suite = recoveryCasesPerSuite();

  it('does not count passes from before the case was reopened: a failure does not verify it, nor can a reset be issued', async () => {
    const opened = await suite.steps.open(agent, accounts.jordan, 'FORGOTTEN_PASSWORD', 'PHONE', { riskLevel: 'LOW' });
    const passed = await suite.steps.verify(agent, opened.id, 'SECURITY_QUESTIONS', 'PASSED');
    expect(passed.data?.recordVerification.status).toBe('VERIFIED');
    expect((await suite.steps.changeStatus(supervisor, opened.id, 'REJECTED', 'voice did not match')).errors).toBeUndefined();
    const reopened = await suite.steps.changeStatus(agent, opened.id, 'REOPENED', 'customer called back');
    expect(reopened.data?.changeRecoveryCaseStatus.verificationProgress.passesCounted).toBe(0);
    suite.rc.clock.advance(60_000);

    const failed = await suite.steps.verify(agent, opened.id, 'KNOWLEDGE_BASED', 'FAILED');
    expect(failed.errors).toBeUndefined();
    expect(failed.data?.recordVerification).toMatchObject({
      status: 'VERIFYING',
      verificationProgress: { passesCounted: 0, failedAttempts: 1 },
    });
    const reset = await suite.steps.issueReset(agent, opened.id);
    expect(reset.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const again = await suite.steps.verify(agent, opened.id, 'SECURITY_QUESTIONS', 'PASSED');
    expect(again.data?.recordVerification).toMatchObject({ status: 'VERIFIED', verificationProgress: { passesCounted: 1 } });
  });
});
