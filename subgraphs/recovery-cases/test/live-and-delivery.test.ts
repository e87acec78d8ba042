import { createClient } from 'graphql-ws';
import { perSuite } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig, signedUpstreamBody, type Identity } from '@vigil/core';
import { DEMO_SEED, agent, as, startRecoveryCases, supervisor } from './harness.js';
import { recoverySteps } from './flows.js';
import { quotedPrintableDecoded, startMailbox, type Mailbox } from './mailbox.js';

const { accounts } = DEMO_SEED;
const SIGNING = { key: loadConfig({ NODE_ENV: 'test' }).GATEWAY_SIGNING_KEY, audience: 'recovery-cases' };

describe('the supervisor queue over graphql-ws', () => {
  const rc = perSuite(startRecoveryCases);

  const subscribe = (identity: Identity, tenantId: string) => {
    const client = createClient({ url: rc().url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    const operation = { query: `subscription { recoveryCaseUpdated(tenantId: "${tenantId}") { id status notes { body } } }` };
    return { client, iterator: client.iterate(signedUpstreamBody(identity, operation, SIGNING)) };
  };

  it('pushes every change of a case of the tenant to a subscribed supervisor', async () => {
    const steps = recoverySteps(rc());
    const opened = await steps.open(agent, accounts.jordan, 'LOCKED_OUT', 'PHONE');
    const { client, iterator } = subscribe(supervisor, 'demo');
    const first = iterator.next();
    // The subscription registers asynchronously: keep changing the case until the first update arrives.
    let n = 0;
    const timer = setInterval(
      () =>
        void rc().call(agent, `mutation ($id: ID!, $b: String!) { addCaseNote(caseId: $id, body: $b) { id } }`, {
          id: opened.id,
          b: `ping ${n++}`,
        }),
      50,
    );
    const result = await first;
    clearInterval(timer);
    expect(result.value).toMatchObject({ data: { recoveryCaseUpdated: { id: opened.id, status: 'OPEN' } } });
    await iterator.return?.();
    await client.dispose();
  });

  it('refuses the queue of another tenant, and agents', async () => {
    for (const [identity, tenant] of [
      [as(['SUPERVISOR'], ['acme'], 'acme-sup'), 'demo'],
      [agent, 'demo'],
    ] as const) {
      const { client, iterator } = subscribe(identity, tenant);
      const result = await iterator.next();
      expect((result.value as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      await client.dispose();
    }
  });
});

describe('codes and reset links by email over real SMTP', () => {
  let mailbox: Mailbox;
  let rc: Awaited<ReturnType<typeof startRecoveryCases>>;
  beforeAll(async () => {
    mailbox = await startMailbox();
    rc = await startRecoveryCases({
      env: {
        NODE_ENV: 'test',
        RECOVERY_SMTP_URL: `smtp://127.0.0.1:${mailbox.port}`,
        // The test mailbox listens on loopback: allowed explicitly, as an operator would allow an internal relay.
        OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1',
        RESET_LINK_BASE_URL: 'https://help.demo-bank.example/reset',
      },
    });
  });
  afterAll(async () => {
    await rc?.stop();
    await mailbox?.stop();
  });

  it('mails the code to the registered address, and the code verifies', async () => {
    const steps = recoverySteps(rc);
    expect(rc.subgraph.outbox).toBeUndefined();
    const opened = await steps.open(agent, accounts.priya, 'FORGOTTEN_PASSWORD', 'PHONE', { riskLevel: 'LOW' });
    const sent = await steps.sendCode(agent, opened.id);
    expect(mailbox.mails).toHaveLength(1);
    expect(mailbox.mails[0]!.to).toBe('priya.natarajan@example.com');
    const code = /verification code is (\d{6})/.exec(mailbox.mails[0]!.body)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    const checked = await steps.checkCode(agent, opened.id, sent.challengeId, code!);
    expect(checked.data?.checkVerificationCode.status).toBe('VERIFIED');

    expect((await steps.issueReset(agent, opened.id)).errors).toBeUndefined();
    expect(mailbox.mails).toHaveLength(2);
    expect(quotedPrintableDecoded(mailbox.mails[1]!.body)).toContain(
      `https://help.demo-bank.example/reset?case=${opened.id}&grant=`,
    );
  });

  it('refuses a channel it cannot send to before anything is recorded: no code, no reset, no audit of either', async () => {
    const steps = recoverySteps(rc);
    const opened = await steps.open(agent, accounts.priya, 'FORGOTTEN_PASSWORD', 'PHONE', { riskLevel: 'LOW' });
    const code = await rc.call(agent, `mutation ($id: ID!) { sendVerificationCode(caseId: $id, channel: SMS) { challengeId } }`, {
      id: opened.id,
    });
    expect(code.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('SMS') });
    expect((await steps.get(supervisor, opened.id)).status).toBe('OPEN');

    expect((await steps.verify(agent, opened.id, 'DOCUMENT_CHECK', 'PASSED')).data?.recordVerification.status).toBe('VERIFIED');
    const reset = await rc.call(agent, `mutation ($id: ID!) { issuePasswordReset(caseId: $id, channel: SMS) { grantId } }`, {
      id: opened.id,
    });
    expect(reset.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await steps.get(supervisor, opened.id)).status).toBe('VERIFIED');
    await rc.settle();
    const logged = rc.actions.filter((a) => a.caseId === opened.id).map((a) => a.action);
    expect(logged).not.toContain('verification.otp_sent');
    expect(logged).not.toContain('reset.issued');
  });

  it('sends nothing to an address on file that is not one mailbox (a list, or a header smuggled in)', async () => {
    const steps = recoverySteps(rc);
    const accountsCollection = rc.accountsDb.connection.collection<{ _id: string }>('accounts');
    const sentBefore = mailbox.mails.length;
    for (const address of [
      'jordan.rivera@example.com, thief@evil.example',
      'jordan.rivera@example.com\r\nBcc: thief@evil.example',
    ]) {
      await accountsCollection.updateOne({ _id: accounts.jordan }, { $set: { 'contactChannels.0.address': address } });
      const opened = await steps.open(agent, accounts.jordan, 'FORGOTTEN_PASSWORD', 'PHONE', { riskLevel: 'LOW' });
      const sent = await rc.call(
        agent,
        `mutation ($id: ID!) { sendVerificationCode(caseId: $id, channel: EMAIL) { challengeId } }`,
        {
          id: opened.id,
        },
      );
      expect(sent.errors?.[0]).toMatchObject({
        extensions: { code: 'CONFLICT' },
        message: expect.stringContaining('one address'),
      });
    }
    expect(mailbox.mails.slice(sentBefore).map((m) => m.to)).toEqual([]);
  });
});
