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
