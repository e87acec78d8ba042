import { contactAddressProblem } from '@vigil/core/domain';
import type { ContactChannelType } from './vocabulary.js';

export interface ContactChannelSpec {
  type: ContactChannelType;
  address: string;
  verified: boolean;
  alertsOptedOut: boolean;
}

/** New accounts are reachable on what they registered with; alerts go there until the customer opts out. */
export function defaultContactChannels(email: string, phone: string | undefined): ContactChannelSpec[] {
  const channels: ContactChannelSpec[] = [{ type: 'EMAIL', address: email, verified: false, alertsOptedOut: false }];
  if (phone) channels.push({ type: 'SMS', address: phone, verified: false, alertsOptedOut: false });
  return channels;
}

/** Emails compare case-insensitively: one customer, one address, whatever the capitalisation typed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Each channel whose address is not one plain address of its kind, keyed by its field path
 * (`contactChannels[i].address`): codes and alerts are sent to these addresses, and a list or a smuggled header
 * line in one would send them to someone else too (@vigil/core contact-address.ts).
 */
export function contactChannelProblems(channels: readonly ContactChannelSpec[]): Record<string, string> {
  const problems: Record<string, string> = {};
  channels.forEach((channel, index) => {
    const problem = contactAddressProblem(channel.type, channel.address);
    if (problem) problems[`contactChannels[${index}].address`] = problem;
  });
  return problems;
}
