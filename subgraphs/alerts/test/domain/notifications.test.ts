import { describe, expect, it } from 'vitest';
import {
  channelsFor,
  deliverableChannels,
  withinRateLimit,
  type ChannelPreference,
} from '../../src/domain/notifications/channel-policy.js';
import { isDeadLetter, retryDelayMs } from '../../src/domain/notifications/delivery-policy.js';
import { renderNotification } from '../../src/domain/notifications/templates.js';
import { signWebhook, verifyWebhook } from '../../src/domain/notifications/webhook-signature.js';
import { RULE_IDS } from '../../src/domain/rule-catalog.js';

const preferences: ChannelPreference[] = [
  { channel: 'EMAIL', address: 'jordan@example.com', optedOut: false },
  { channel: 'SMS', address: '+15555550123', optedOut: true },
];

describe('customer notifications', () => {
  it('respects opt-outs except for critical alerts', () => {
    expect(channelsFor('HIGH', preferences).map((p) => p.channel)).toEqual(['EMAIL']);
    expect(channelsFor('CRITICAL', preferences).map((p) => p.channel)).toEqual(['EMAIL', 'SMS']);
  });

  it('never sends to a stored address that is more than one plain address of its channel, even a critical alert', () => {
    const stored: ChannelPreference[] = [
      ...preferences,
      { channel: 'EMAIL', address: 'jordan@example.com, thief@example.net', optedOut: false },
      { channel: 'EMAIL', address: 'jordan@example.com\r\nBcc: thief@example.net', optedOut: false },
      { channel: 'SMS', address: '+15555550123,+15555550999', optedOut: false },
      { channel: 'PUSH', address: 'token with spaces', optedOut: false },
    ];
    expect(channelsFor('CRITICAL', stored)).toEqual(preferences);
    expect(deliverableChannels(stored)).toEqual(preferences);
  });

  it('rate-limits non-critical deliveries per account and channel', () => {
    expect(withinRateLimit('HIGH', 4)).toBe(true);
    expect(withinRateLimit('HIGH', 5)).toBe(false);
    expect(withinRateLimit('CRITICAL', 50)).toBe(true);
  });

  it('has an action-oriented template for every rule, with numbered steps and no evidence values', () => {
    for (const ruleId of RULE_IDS) {
      const message = renderNotification(ruleId, 'HIGH', 'Acme Bank');
      expect(message.subject).toMatch(/^Acme Bank: /);
      expect(message.text).toMatch(/What to do:\n1\. /);
      expect(message.short.length).toBeLessThan(320);
    }
    expect(renderNotification('takeover-chain', 'CRITICAL', 'Acme Bank').subject).toMatch(/^\[Urgent\] /);
  });

  it('backs off exponentially with jitter and dead-letters after the last attempt', () => {
    expect(retryDelayMs(1, () => 0)).toBe(1_000);
    expect(retryDelayMs(3, () => 0.999_999)).toBeCloseTo(8_000, -1);
    expect(retryDelayMs(30, () => 0)).toBe(300_000);
    expect(isDeadLetter(5)).toBe(false);
    expect(isDeadLetter(6)).toBe(true);
  });

  it('signs webhooks so that receivers detect tampering, other secrets and replays', () => {
    const body = '{"alertId":"a1"}';
    const header = signWebhook('s3cret-s3cret-s3cret', body, 1_700_000_000);
    expect(verifyWebhook('s3cret-s3cret-s3cret', body, header, 1_700_000_100)).toBe(true);
    expect(verifyWebhook('s3cret-s3cret-s3cret', '{"alertId":"a2"}', header, 1_700_000_100)).toBe(false);
    expect(verifyWebhook('other-secret-other', body, header, 1_700_000_100)).toBe(false);
    expect(verifyWebhook('s3cret-s3cret-s3cret', body, header, 1_700_001_000)).toBe(false);
  });
});
