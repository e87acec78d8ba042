import { stdSerializers } from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpRecoveryDelivery } from '../src/adapters/smtp-delivery.js';
import { MessageNotSent } from '../src/application/ports.js';
import { loadRecoveryConfig } from '../src/config.js';

const ADDRESS = 'jordan.rivera@example.com';
const CODE = '418093';

/** A mail server that refuses every recipient, naming it in its reply as real servers do. */
async function startRefusingMailbox() {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onRcptTo(address, _session, callback) {
      callback(Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 }));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A failed send reaches the error log (core logs any error that is not a DomainError, with pino's serializer): it must
 * carry neither the customer's address nor the code.
 */
describe('SMTP delivery failures', () => {
  let mailbox: Awaited<ReturnType<typeof startRefusingMailbox>>;
  let delivery: SmtpRecoveryDelivery;
  beforeAll(async () => {
    mailbox = await startRefusingMailbox();
    const config = loadRecoveryConfig({ NODE_ENV: 'test', OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1' });
    delivery = new SmtpRecoveryDelivery({
      url: `smtp://127.0.0.1:${mailbox.port}`,
      from: config.RECOVERY_MAIL_FROM,
      allowance: config.OUTBOUND_ALLOWED_NETWORKS,
    });
  });
  afterAll(async () => {
    delivery?.close();
    await mailbox?.stop();
  });

  it('answers a refused recipient as not sent, with a CONFLICT that names neither the address nor the code', async () => {
    const failure: unknown = await delivery
      .deliver({
        kind: 'VERIFICATION_CODE',
        tenantId: 'demo',
        accountId: 'acc-demo-jordan-rivera',
        channel: { type: 'EMAIL', address: ADDRESS },
        code: CODE,
        expiresAt: new Date(),
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    // Refused at RCPT TO: certainly not sent, so it does not count against the account's codes (ADR 135).
    expect(failure).toBeInstanceOf(MessageNotSent);
    expect((failure as MessageNotSent).reason).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('refused') });
    const logged = JSON.stringify(stdSerializers.err(failure as Error));
    expect(logged).not.toContain('jordan.rivera');
    expect(logged).not.toContain(CODE);
  });
});
