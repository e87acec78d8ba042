/**
 * A provider's refusal quotes the recipient ("550 5.1.1 <jane@…>: user unknown"): the delivery's `lastError` is stored
 * without the contact values it quotes, and an erasure of the account leaves neither its address nor its errors on
 * the account's deliveries (ADR 142). Real SMTP server, real outbox.
 */
import { VIGIL_EVENT_TYPES } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecipientDirectory } from '../src/index.js';
import { activity, failedLogin } from './support/events.js';
import { AlertsHarness, identity, nodes, type Page } from './support/harness.js';
import { eventually, startSmtpServer } from './support/receivers.js';

const admin = identity(['ADMIN'], ['demo'], 'admin-1');
const EMAIL = (accountId: string) => `${accountId}.jane@example.com`;
const PHONE = '+44 20 7946 0958';

/** Every demo customer has an email address; the mail server knows none of them. */
const recipients: RecipientDirectory = {
  async recipientsFor(_tenantId, accountIds) {
    return new Map(
      accountIds.map((accountId) => [
        accountId,
        { brand: 'Demo Bank', channels: [{ channel: 'EMAIL', address: EMAIL(accountId), optedOut: false }] },
      ]),
    );
  },
};

interface Delivery {
  channel: string;
  status: string;
  address: string;
  lastError: string | null;
}

const burst = (accountId: string) => Array.from({ length: 10 }, (_, i) => failedLogin(i, accountId, '198.51.100.77'));

describe('notification delivery errors', () => {
  const harness = new AlertsHarness();
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  const stored = (accountId: string) =>
    harness.db.connection.collection('notification_deliveries').find({ accountId, channel: 'EMAIL' }).toArray();

  const failedDelivery = (accountId: string) =>
    eventually(async () => {
      const { data, errors } = await harness.graphql<{ alerts: Page<{ notifications: Page<Delivery> }> }>(
        admin,
        `{ alerts(filter: { accountId: "${accountId}" }) { edges { node {
          notifications { edges { node { channel status address lastError } } } } } } }`,
      );
      expect(errors).toBeUndefined();
      const [alert] = nodes(data?.alerts) ?? [];
      return nodes(alert?.notifications)?.find((delivery) => delivery.status === 'FAILED');
    });

  beforeAll(async () => {
    smtp = await startSmtpServer((recipient) => `5.1.1 <${recipient}>: user unknown (forwarding to ${PHONE} failed)`);
    await harness.start({
      recipients,
      env: { ALERTS_SMTP_URL: smtp.url, OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1' },
      outbox: { maxAttempts: 1, retryDelayMs: () => 50, pollMs: 50, rateLimit: { maxPerWindow: 10, windowMinutes: 60 } },
    });
  });

  afterAll(async () => {
    await harness.stop();
    await smtp.stop();
  });

  it('are stored and shown, even to an admin, without the address or phone number the provider quoted', async () => {
    await harness.record(...burst('cust-refused'));
    const failed = await failedDelivery('cust-refused');
    // The failure still says what went wrong; the delivery's own address field is where an admin reads the address.
    expect(failed).toMatchObject({ channel: 'EMAIL', address: EMAIL('cust-refused') });
    expect(failed.lastError).toMatch(/550 5\.1\.1 <\[redacted\]>: user unknown/);
    const [row] = await stored('cust-refused');
    for (const text of [failed.lastError, row?.lastError]) {
      expect(text).not.toContain(EMAIL('cust-refused'));
      expect(text).not.toContain(PHONE);
    }
  });

  it("an erasure of the account removes its deliveries' addresses and errors; ids, statuses and times stay", async () => {
    await harness.record(...burst('cust-erased'));
    await failedDelivery('cust-erased');
    // A row written before errors were stored redacted (or by an older version) quotes the address whole.
    await harness.db.connection
      .collection('notification_deliveries')
      .updateMany({ accountId: 'cust-erased' }, { $set: { lastError: `550 <${EMAIL('cust-erased')}> unknown` } });

    await harness.record(
      activity({
        type: VIGIL_EVENT_TYPES.accountErased,
        tenantId: 'demo',
        accountId: 'cust-erased',
        category: 'system',
        outcome: 'SUCCESS',
        actor: { type: 'SYSTEM', id: 'agent-admin' },
      }),
    );

    const rows = await stored('cust-erased');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'FAILED', address: '[redacted]', lastError: '[redacted]', attempts: 1 });
    expect(rows[0]?.failedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(rows)).not.toContain(EMAIL('cust-erased'));
    // Another account's delivery is not touched.
    expect((await stored('cust-refused'))[0]).toMatchObject({ address: EMAIL('cust-refused') });
  });
});
