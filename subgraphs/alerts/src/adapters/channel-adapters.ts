import { assertHostAllowed, postOutbound, type OutboundAllowance } from '@vigil/core';
import nodemailer from 'nodemailer';
import { signWebhook, SIGNATURE_HEADER } from '../domain/notifications/webhook-signature.js';
import type { NotificationDeliveryRecord } from './mongo/notification-delivery.model.js';
import type { ChannelAdapter, SendResult } from '../application/ports.js';

/** Email over SMTP (nodemailer). `smtpUrl` like `smtp://user:pass@mail.example.com:587`. */
export class EmailAdapter implements ChannelAdapter {
  readonly channel = 'EMAIL' as const;
  private readonly transport;
  private readonly host: string;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly allowance: OutboundAllowance,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
    this.host = new URL(smtpUrl).hostname;
  }

  async send(delivery: NotificationDeliveryRecord): Promise<SendResult> {
    // Checked before every message: the SMTP host's name may come to point inside the network (DNS rebinding).
    await assertHostAllowed(this.host, this.allowance);
    const info = await this.transport.sendMail({
      from: this.from,
      to: delivery.address,
      subject: delivery.subject,
      text: delivery.text,
    });
    return { providerMessageId: info.messageId, delivered: false };
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * SMS, voice and push through a provider's HTTP API. The request is one JSON shape for all three
 * (`{ to, message, channel, reference }` with a bearer key); a provider with another shape gets a small
 * adapter of its own. The provider's `id` (if any) is kept as the provider message id.
 */
export class HttpProviderAdapter implements ChannelAdapter {
  constructor(
    readonly channel: 'SMS' | 'VOICE' | 'PUSH',
    private readonly url: string,
    private readonly apiKey: string,
    private readonly allowance: OutboundAllowance,
    private readonly timeoutMs = 5_000,
  ) {}

  async send(delivery: NotificationDeliveryRecord): Promise<SendResult> {
    const answer = await postOutbound({
      url: this.url,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.apiKey}`, 'idempotency-key': delivery._id },
      body: JSON.stringify({ to: delivery.address, message: delivery.short, channel: this.channel, reference: delivery._id }),
      timeoutMs: this.timeoutMs,
      allowance: this.allowance,
    });
    if (answer.status < 200 || answer.status >= 300) throw new Error(`${this.channel} provider answered HTTP ${answer.status}`);
    const body = parseJsonObject(answer.body) as { id?: unknown };
    return { providerMessageId: typeof body.id === 'string' ? body.id : undefined, delivered: false };
  }
}

/** Signed webhooks to client systems; a 2xx from the receiver counts as delivered. */
export class WebhookAdapter implements ChannelAdapter {
  readonly channel = 'WEBHOOK' as const;

  constructor(
    private readonly secretFor: (webhookId: string) => Promise<string | null>,
    private readonly allowance: OutboundAllowance,
    private readonly timeoutMs = 5_000,
  ) {}

  async send(delivery: NotificationDeliveryRecord): Promise<SendResult> {
    const secret = delivery.webhookId ? await this.secretFor(delivery.webhookId) : null;
    if (secret === null) throw new Error('the webhook endpoint was removed or deactivated');
    const body = delivery.payload ?? '{}';
    // The receiver's address is checked on the connection's own DNS lookup; redirects are not followed.
    const answer = await postOutbound({
      url: delivery.address,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(Date.now() / 1000)),
        'vigil-delivery-id': delivery._id,
      },
      body,
      timeoutMs: this.timeoutMs,
      allowance: this.allowance,
    });
    if (answer.status < 200 || answer.status >= 300) throw new Error(`webhook receiver answered HTTP ${answer.status}`);
    return { delivered: true };
  }
}

function parseJsonObject(text: string): object {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}
