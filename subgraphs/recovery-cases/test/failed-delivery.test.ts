import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SEED, agent, startRecoveryCases, supervisor } from './harness.js';
import { recoverySteps } from './flows.js';
import { startMailbox, type Mailbox } from './mailbox.js';

const { accounts } = DEMO_SEED;
const MIN = 60_000;
const SEND_CODE = `mutation ($id: ID!) { sendVerificationCode(caseId: $id) { challengeId } }`;
const ISSUE_RESET = `mutation ($id: ID!) { issuePasswordReset(caseId: $id) { grantId } }`;

/**
 * A code or reset link whose email failed is recorded as a failed delivery, never as sent (ADR 135): the audit trail
 * must not tell an auditor — or the next agent — that the customer has a code they never got. Real SMTP server.
 */
describe('a code or reset link whose email fails', () => {
  let mailbox: Mailbox;
  let rc: Awaited<ReturnType<typeof startRecoveryCases>>;
  beforeAll(async () => {
    mailbox = await startMailbox();
    rc = await startRecoveryCases({
      env: {
        NODE_ENV: 'test',
        RECOVERY_SMTP_URL: `smtp://127.0.0.1:${mailbox.port}`,
        OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1',
      },
    });
  });
  afterAll(async () => {
    await rc?.stop();
    await mailbox?.stop();
  });
  beforeEach(() => {
    // Each test starts with the account's code budget (3 per 15 minutes, ADR 129) untouched.
    rc.clock.advance(16 * MIN);
    mailbox.setMode('ACCEPT');
  });

  const openLowRiskCase = () =>
    recoverySteps(rc).open(agent, accounts.priya, 'FORGOTTEN_PASSWORD', 'PHONE', { riskLevel: 'LOW' });

  async function auditOf(caseId: string) {
    await rc.settle();
    return rc.actions.filter((a) => a.caseId === caseId);
  }

  it('records a refused code as not delivered, says so, and does not spend the account’s codes on it', async () => {
    const opened = await openLowRiskCase();
    mailbox.setMode('REFUSE_RECIPIENT');
    for (let i = 0; i < 3; i++) {
      const refused = await rc.call(agent, SEND_CODE, { id: opened.id });
      expect(refused.errors?.[0]).toMatchObject({
        extensions: { code: 'CONFLICT', delivery: 'NOT_SENT' },
        message: expect.stringContaining('No code was sent'),
      });
    }
    const afterRefusals = await auditOf(opened.id);
    expect(afterRefusals.map((a) => a.action)).not.toContain('verification.otp_sent');
    expect(afterRefusals.filter((a) => a.action === 'verification.otp_delivery_failed')).toHaveLength(3);
    expect(afterRefusals.find((a) => a.action === 'verification.otp_delivery_failed')?.metadata).toMatchObject({
      delivery: 'NOT_SENT',
      channelType: 'EMAIL',
    });

    // Nothing left the server: the three codes the account may receive in 15 minutes are all still there …
    mailbox.setMode('ACCEPT');
    for (let i = 0; i < 3; i++) expect((await rc.call(agent, SEND_CODE, { id: opened.id })).errors).toBeUndefined();
    // … and no more than those.
    expect((await rc.call(agent, SEND_CODE, { id: opened.id })).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect((await auditOf(opened.id)).filter((a) => a.action === 'verification.otp_sent')).toHaveLength(3);
  });

  it('counts a code whose send broke off after the message went out, and the code it may have delivered does not work', async () => {
    const opened = await openLowRiskCase();
    mailbox.setMode('DROP_AFTER_DATA');
    const mailsBefore = mailbox.mails.length;
    for (let i = 0; i < 3; i++) expect((await rc.call(agent, SEND_CODE, { id: opened.id })).errors).toBeDefined();
    // The mail server did get the messages: failing to hear back must not buy more codes.
    expect(mailbox.mails.length - mailsBefore).toBe(3);
    const audit = await auditOf(opened.id);
    expect(audit.map((a) => a.action)).not.toContain('verification.otp_sent');
    const failed = audit.filter((a) => a.action === 'verification.otp_delivery_failed');
    expect(failed.map((a) => a.metadata?.delivery)).toEqual(['UNCERTAIN', 'UNCERTAIN', 'UNCERTAIN']);

    mailbox.setMode('ACCEPT');
    expect((await rc.call(agent, SEND_CODE, { id: opened.id })).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');

    // Whoever holds the mail that did arrive cannot verify with it: the case records that code as not delivered.
    const code = /verification code is (\d{6})/.exec(mailbox.mails[mailsBefore]!.body)?.[1];
    const challengeId = String(failed[0]!.metadata?.challengeId);
    const checked = await recoverySteps(rc).checkCode(agent, opened.id, challengeId, code!);
    expect(checked.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: expect.stringContaining('not delivered'),
    });
    expect((await recoverySteps(rc).get(supervisor, opened.id)).verifications).toEqual([]);
  });

  it('returns a case whose reset link was refused to VERIFIED, audited as a failed delivery, so a new link can go out', async () => {
    const steps = recoverySteps(rc);
    const opened = await openLowRiskCase();
    expect((await steps.verify(agent, opened.id, 'DOCUMENT_CHECK', 'PASSED')).data?.recordVerification.status).toBe('VERIFIED');
    mailbox.setMode('REFUSE_RECIPIENT');
    const refused = await rc.call(agent, ISSUE_RESET, { id: opened.id });
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT', delivery: 'NOT_SENT' },
      message: expect.stringContaining('No reset link was sent'),
    });
    expect((await steps.get(supervisor, opened.id)).status).toBe('VERIFIED');
    const audit = await auditOf(opened.id);
    expect(audit.map((a) => a.action)).not.toContain('reset.issued');
    expect(audit.filter((a) => a.action === 'reset.delivery_failed')).toHaveLength(1);

    mailbox.setMode('ACCEPT');
    expect((await rc.call(agent, ISSUE_RESET, { id: opened.id })).errors).toBeUndefined();
    expect((await steps.get(supervisor, opened.id)).status).toBe('RESET_ISSUED');
    expect((await auditOf(opened.id)).filter((a) => a.action === 'reset.issued')).toHaveLength(1);
  });
});
