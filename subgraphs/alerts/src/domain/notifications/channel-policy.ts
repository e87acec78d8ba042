import { contactAddressProblem } from '@vigil/core/domain';
import type { Severity } from '../severity.js';

export const CHANNELS = ['EMAIL', 'SMS', 'VOICE', 'PUSH', 'WEBHOOK'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ChannelPreference {
  readonly channel: Channel;
  /** Email address, phone number, device token or webhook URL. */
  readonly address: string;
  /** The customer opted out of informational alerts on this channel. */
  readonly optedOut: boolean;
}

/**
 * The customer's channels whose address is one plain address of its kind. Accounts refuses anything else when it
 * is registered; a record stored before that may still hold a list (`a@x, b@y`) or a smuggled header line, which a
 * mail library or provider would send to someone else as well — such a channel is never sent to.
 */
export function deliverableChannels(preferences: readonly ChannelPreference[]): ChannelPreference[] {
  return preferences.filter(
    (preference) =>
      preference.channel !== 'WEBHOOK' && contactAddressProblem(preference.channel, preference.address) === undefined,
  );
}

/**
 * Which channels an alert goes to: critical alerts go to every registered (deliverable) channel, opt-outs
 * notwithstanding (customers must hear about a takeover); the rest respect opt-outs.
 */
export function channelsFor(severity: Severity, preferences: readonly ChannelPreference[]): ChannelPreference[] {
  return deliverableChannels(preferences).filter((preference) => severity === 'CRITICAL' || !preference.optedOut);
}

export interface RateLimit {
  readonly maxPerWindow: number;
  readonly windowMinutes: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { maxPerWindow: 5, windowMinutes: 60 };

/**
 * Per account and channel: at most `maxPerWindow` deliveries in the window. Critical alerts are
 * exempt (they are mandatory); the rest beyond the limit are recorded as skipped, not sent.
 */
export function withinRateLimit(severity: Severity, sentInWindow: number, limit: RateLimit = DEFAULT_RATE_LIMIT): boolean {
  return severity === 'CRITICAL' || sentInWindow < limit.maxPerWindow;
}
