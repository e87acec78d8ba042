import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkPages } from '@vigil/testing';
import { verifyWebhook } from '../src/domain/notifications/webhook-signature.js';
import type { RecipientDirectory } from '../src/index.js';
import { activity, at, failedLogin } from './support/events.js';
import { AlertsHarness, identity, nodes, type Page } from './support/harness.js';
import { eventually, startHttpReceiver, startSmtpServer } from './support/receivers.js';

const supervisor = identity(['SUPERVISOR'], ['demo'], 'sup-1');
const analyst = identity(['SECURITY_ANALYST'], ['demo'], 'analyst-1');
const agent = identity(['AGENT'], ['demo'], 'agent-1');
const admin = identity(['ADMIN'], ['demo'], 'admin-1');

/** The accounts each recipient lookup asked for, in order. */
const lookups: string[][] = [];

/** Stands in for the accounts subgraph: every demo customer has email and an opted-out SMS channel. */
const recipients: RecipientDirectory = {
  async recipientsFor(tenantId, accountIds) {
    lookups.push([...accountIds]);
    if (tenantId !== 'demo') return new Map();
    return new Map(
      accountIds.map((accountId) => [
        accountId,
        {
          brand: 'Demo Bank',
          channels: [
            { channel: 'EMAIL', address: `${accountId}@example.com`, optedOut: false },
            { channel: 'SMS', address: '+15555550123', optedOut: true },
          ],
        },
      ]),
    );
  },
};

interface Delivery {
  channel: string;
  status: string;
  attempts: number;
  address: string;
  lastError: string | null;
}

const burst = (accountId: string) => Array.from({ length: 10 }, (_, i) => failedLogin(i, accountId, '198.51.100.77'));

describe('customer notifications through the outbox (real SMTP, HTTP provider, webhook receivers)', () => {
  const harness = new AlertsHarness();
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let sms: Awaited<ReturnType<typeof startHttpReceiver>>;
  let client: Awaited<ReturnType<typeof startHttpReceiver>>;
  let broken: Awaited<ReturnType<typeof startHttpReceiver>>;

  const deliveriesOf = async (who: typeof supervisor, accountId: string) => {
    const { data, errors } = await harness.graphql<{
      alerts: Page<{ rule: string; severity: string; notifications: Page<Delivery> }>;
    }>(
      who,
      `{ alerts(filter: { accountId: "${accountId}" }) { edges { node { rule severity
        notifications { edges { node { channel status attempts address lastError } } } } } } }`,
    );
    expect(errors).toBeUndefined();
    return (nodes(data?.alerts) ?? []).map((alert) => ({ ...alert, notifications: nodes(alert.notifications) }));
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    sms = await startHttpReceiver(() => 200);
    // The client's system is down for the first two attempts.
    client = await startHttpReceiver((_request, index) => (index < 2 ? 503 : 200));
    broken = await startHttpReceiver(() => 500);
    await harness.start({
      recipients,
      env: {
        ALERTS_SMTP_URL: smtp.url,
        ALERTS_SMS_URL: `${sms.url}/sms`,
        ALERTS_SMS_API_KEY: 'sms-key-123',
        // The receivers listen on loopback: allowed explicitly, as an operator would allow an internal relay.
        OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1',
      },
      outbox: { maxAttempts: 3, retryDelayMs: () => 50, pollMs: 50, rateLimit: { maxPerWindow: 1, windowMinutes: 60 } },
    });
  });

  afterAll(async () => {
    await harness.stop();
    await Promise.all([smtp.stop(), sms.stop(), client.stop(), broken.stop()]);
  });

  it('emails the customer with action-oriented text, respects the SMS opt-out, and retries the signed webhook until delivered', async () => {
    const registered = await harness.graphql<{ registerAlertWebhook: { secret: string; endpoint: { id: string } } }>(
      admin,
      `mutation($url: String!) { registerAlertWebhook(tenantId: "demo", url: $url) { secret endpoint { id } } }`,
      { url: `${client.url}/hooks/vigil` },
    );
    const secret = registered.data?.registerAlertWebhook.secret as string;
    expect(secret.length).toBeGreaterThan(30);

    await harness.record(...burst('cust-1'));
    const [alert] = await eventually(async () => {
      const alerts = await deliveriesOf(supervisor, 'cust-1');
      const done =
        alerts[0]?.notifications.every((delivery) => delivery.status !== 'QUEUED') && alerts[0]?.notifications.length === 2;
      return done ? alerts : undefined;
    });
    expect(alert?.notifications.map((d) => [d.channel, d.status, d.address]).sort()).toEqual([
      ['EMAIL', 'SENT', 'cust-1@example.com'],
      ['WEBHOOK', 'DELIVERED', `${client.url}/hooks/vigil`],
    ]);
    expect(alert?.notifications.find((d) => d.channel === 'WEBHOOK')?.attempts).toBe(3);

    expect(smtp.mails.map((mail) => mail.to)).toEqual([['cust-1@example.com']]);
    expect(smtp.mails[0]?.raw).toMatch(/Subject: Demo Bank: Someone is trying to sign in to your account/);
    expect(smtp.mails[0]?.raw).toMatch(/What to do:\r?\n1\. Change your password/);
    expect(sms.requests).toEqual([]);

    const webhook = client.requests[2];
    const signature = String(webhook?.headers['vigil-signature']);
    expect(verifyWebhook(secret, webhook?.body ?? '', signature, Math.floor(Date.now() / 1000))).toBe(true);
    expect(JSON.parse(webhook?.body ?? '{}')).toMatchObject({
      type: 'alert.raised',
      rule: 'brute-force',
      severity: 'HIGH',
      accountId: 'cust-1',
    });
  });

  it('plans a burst of alerts with one recipient lookup for their customers, not one per alert (ADR 116)', async () => {
    const customers = ['burst-1', 'burst-2', 'burst-3', 'burst-4', 'burst-5'];
    lookups.length = 0;
    // One call, one page: five brute-force alerts whose notification jobs are queued together.
    await harness.record(...customers.flatMap((customer) => burst(customer)));
    await eventually(async () => {
      const mailed = new Set(smtp.mails.flatMap((mail) => mail.to));
      return customers.every((customer) => mailed.has(`${customer}@example.com`)) ? true : undefined;
    });
    const asked = lookups.filter((accounts) => accounts.some((account) => customers.includes(account)));
    expect(asked.flat().sort()).toEqual(customers);
    expect(asked.length).toBeLessThan(customers.length);
  });

  it('masks recipient addresses for analysts', async () => {
    const [alert] = await deliveriesOf(analyst, 'cust-1');
    expect(alert?.notifications.find((d) => d.channel === 'EMAIL')?.address).toBe('c***@example.com');
  });

  it('sends critical alerts on every channel, opt-outs notwithstanding', async () => {
    const takeover = [
      activity({ accountId: 'cust-2', type: 'user.account.password_reset.completed', category: 'security', occurredAt: at(0) }),
      activity({ accountId: 'cust-2', type: 'security.device.added', category: 'security', occurredAt: at(5), deviceId: 'd-1' }),
      activity({ accountId: 'cust-2', type: 'account.contact.email_changed', category: 'account', occurredAt: at(9) }),
    ];
    await harness.record(...takeover);
    const alerts = await eventually(async () => {
      const found = await deliveriesOf(supervisor, 'cust-2');
      const critical = found.find((alert) => alert.severity === 'CRITICAL');
      return critical &&
        critical.notifications.filter((d) => d.channel !== 'WEBHOOK').every((d) => d.status === 'SENT') &&
        critical.notifications.length >= 2
        ? critical
        : undefined;
    });
    expect(alerts.rule).toBe('takeover-chain');
    expect(
      alerts.notifications
        .filter((d) => d.channel !== 'WEBHOOK')
        .map((d) => d.channel)
        .sort(),
    ).toEqual(['EMAIL', 'SMS']);
    expect(sms.requests).toHaveLength(1);
    expect(sms.requests[0]?.headers.authorization).toBe('Bearer sms-key-123');
    expect(JSON.parse(sms.requests[0]?.body ?? '{}')).toMatchObject({ to: '+15555550123', channel: 'SMS' });
  });

  it('rate-limits non-critical messages per account and channel, recording them as SKIPPED', async () => {
    // Close cust-1's alert so the next one is not folded into the same incident.
    await harness.acknowledgeAndClose(analyst, '{ accountId: "cust-1" }', 'RESOLVED', 'password reset with customer');

    const resets = [0, 5, 10, 15, 20].map((minute) =>
      activity({
        accountId: 'cust-1',
        type: 'user.account.password_reset.requested',
        category: 'security',
        occurredAt: at(minute),
      }),
    );
    await harness.record(...resets);
    const flood = await eventually(async () => {
      const found = (await deliveriesOf(supervisor, 'cust-1')).find((alert) => alert.rule === 'reset-flood');
      return found?.notifications.some((d) => d.channel === 'EMAIL') ? found : undefined;
    });
    expect(flood.notifications.find((d) => d.channel === 'EMAIL')).toMatchObject({
      status: 'SKIPPED',
      lastError: expect.stringMatching(/rate limit/),
    });
  });

  it('dead-letters a delivery after the last attempt, with the reason', async () => {
    await harness.graphql(admin, `mutation($url: String!) { registerAlertWebhook(tenantId: "demo", url: $url) { secret } }`, {
      url: `${broken.url}/down`,
    });
    await harness.record(...burst('cust-3'));
    const failed = await eventually(async () => {
      const [alert] = await deliveriesOf(supervisor, 'cust-3');
      return alert?.notifications.find((d) => d.address.startsWith(broken.url) && d.status === 'FAILED');
    });
    expect(failed).toMatchObject({ attempts: 3, lastError: 'webhook receiver answered HTTP 500' });
    expect(broken.requests.length).toBe(3);
  });

  it('lets a supervisor send a test alert to check the channels, and nobody else', async () => {
    const denied = await harness.graphql(agent, 'mutation { sendTestAlert(tenantId: "demo") { id } }');
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const before = smtp.mails.length;
    const sent = await harness.graphql<{ sendTestAlert: { channel: string; status: string }[] }>(
      supervisor,
      'mutation { sendTestAlert(tenantId: "demo", accountId: "cust-9") { channel status } }',
    );
    expect(sent.data?.sendTestAlert.map((d) => d.channel).sort()).toEqual(['EMAIL', 'SMS', 'WEBHOOK', 'WEBHOOK']);
    await eventually(async () => (smtp.mails.length > before ? true : undefined));
    expect(smtp.mails.at(-1)?.raw).toMatch(/Test alert from your security team/);
  });

  it('pages notificationDeliveries newest first without loss or repetition, and refuses a first above 200', async () => {
    const deliveries = (first: number, after?: string) =>
      harness.graphql<{
        notificationDeliveries: {
          edges: { node: { id: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      }>(
        supervisor,
        `query ($first: Int!, $after: String) { notificationDeliveries(tenantId: "demo", first: $first, after: $after) {
          edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
        { first, ...(after ? { after } : {}) },
      );
    const whole = await deliveries(200);
    expect(whole.errors).toBeUndefined();
    const all = whole.data!.notificationDeliveries.edges.map((edge) => edge.node.id);
    // The earlier tests queued several deliveries, some in the same millisecond: the id breaks those ties.
    expect(all.length).toBeGreaterThanOrEqual(4);
    const seen = await walkPages(async (after) => {
      const page = await deliveries(3, after);
      expect(page.errors).toBeUndefined();
      return page.data!.notificationDeliveries;
    }, all.length);
    expect(seen.map((node) => node.id)).toEqual(all);
    const refused = await deliveries(201);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { first: '1..200' } });
    const forged = await deliveries(2, Buffer.from('no-position').toString('base64url'));
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("pages an alert's notifications in notificationDeliveries' order and cursors, and refuses a first above 200", async () => {
    type Ids = {
      edges: { cursor: string; node: { id: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    const alertPage = async (first: number, after?: string) =>
      harness.graphql<{ alerts: Page<{ id: string; notifications: Ids }> }>(
        supervisor,
        `query ($first: Int!, $after: String) { alerts(filter: { accountId: "cust-1" }) { edges { node { id
          notifications(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } } } } }`,
        { first, ...(after ? { after } : {}) },
      );
    const [alert] = nodes((await alertPage(200)).data!.alerts);
    const tenantWide = await harness.graphql<{ notificationDeliveries: Ids }>(
      supervisor,
      `{ notificationDeliveries(tenantId: "demo", alertId: "${alert!.id}") { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
    );
    const expected = tenantWide.data!.notificationDeliveries.edges;
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(alert!.notifications.edges).toEqual(expected);
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < expected.length; pages++) {
      const page = nodes((await alertPage(1, after)).data!.alerts)[0]!.notifications;
      expect(page.edges).toHaveLength(1);
      seen.push(page.edges[0]!.node.id);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toEqual(expected.map((edge) => edge.node.id));
    const refused = await alertPage(201);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { first: '1..200' } });
  });
});
