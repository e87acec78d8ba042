import type { OutboundAllowance } from '@vigil/core';
import type { AlertsConfig } from '../config.js';
import type { ChannelAdapter } from '../application/ports.js';
import { EmailAdapter, HttpProviderAdapter, WebhookAdapter } from './channel-adapters.js';

/**
 * The configured ways out: SMTP email, SMS / voice / push providers (each only with a URL and a key), and
 * client webhooks (always). `close()` releases the SMTP pool. Outbound calls may not reach loopback, private or
 * link-local addresses unless OUTBOUND_ALLOWED_NETWORKS allows them.
 */
export function channelSenders(
  config: AlertsConfig,
  webhookSecret: (webhookId: string) => Promise<string | null>,
): { readonly senders: readonly ChannelAdapter[]; close(): void } {
  const allowance = config.OUTBOUND_ALLOWED_NETWORKS;
  const email = config.ALERTS_SMTP_URL
    ? new EmailAdapter(config.ALERTS_SMTP_URL, config.ALERTS_EMAIL_FROM, allowance)
    : undefined;
  return {
    senders: [
      ...(email ? [email] : []),
      ...provider('SMS', config.ALERTS_SMS_URL, config.ALERTS_SMS_API_KEY, allowance),
      ...provider('VOICE', config.ALERTS_VOICE_URL, config.ALERTS_VOICE_API_KEY, allowance),
      ...provider('PUSH', config.ALERTS_PUSH_URL, config.ALERTS_PUSH_API_KEY, allowance),
      new WebhookAdapter(webhookSecret, allowance),
    ],
    close: () => email?.close(),
  };
}

function provider(
  channel: 'SMS' | 'VOICE' | 'PUSH',
  url: string | undefined,
  apiKey: string | undefined,
  allowance: OutboundAllowance,
): ChannelAdapter[] {
  return url && apiKey ? [new HttpProviderAdapter(channel, url, apiKey, allowance)] : [];
}
