/**
 * What the audit timeline keeps of a staff change to a customer account (ADR 141): the account's fields as flat
 * summary values, personal values in the form the personal-data policy lets every reader of event evidence see.
 * The event's metadata is one stored value read by all of them, so a value is kept whole only when each of them may
 * see it whole, masked when one of them sees it masked, and left out when one of them may not see it at all.
 */
import { maskValue, ROLES, visibilityFor, type ValueKind } from '@vigil/core/domain';
import type { ContactChannelRecord } from './records.js';
import type { AccountStatus } from './vocabulary.js';

/** Suffixes of `agent.action.*`: the contract with auditors' reports, change them only additively. */
export const ACCOUNT_ACTIONS = {
  created: 'account.created',
  updated: 'account.updated',
} as const;
export type AccountActionName = (typeof ACCOUNT_ACTIONS)[keyof typeof ACCOUNT_ACTIONS];

export interface AuditedAccount {
  readonly displayName: string;
  readonly email: string;
  readonly phone?: string | null;
  readonly status: AccountStatus;
  readonly riskScore: number;
  readonly contactChannels: readonly ContactChannelRecord[];
}

export type AccountSummaryValue = string | number | readonly string[] | null;
export type AccountSummary = Readonly<Record<keyof AuditedAccount, AccountSummaryValue>>;

/** Who reads an event's metadata at all (it is EVIDENCE): the stored form must suit the least of them. */
const EVIDENCE_READERS = ROLES.filter((role) => visibilityFor([role], 'EVIDENCE') !== 'HIDDEN');

function asEvidence(kind: ValueKind, value: string): string | null {
  const visibilities = EVIDENCE_READERS.map((role) => visibilityFor([role], kind));
  if (visibilities.includes('HIDDEN')) return null;
  if (visibilities.includes('MASKED')) return String(maskValue(kind, value) ?? '');
  return value;
}

/** `EMAIL m***@example.org verified opted-out`: enough to see which channel changed and how. */
function channelLine(channel: ContactChannelRecord): string {
  const flags = [channel.verified ? 'verified' : '', channel.alertsOptedOut ? 'opted-out' : ''].filter(Boolean);
  return [channel.type, asEvidence('CONTACT_ADDRESS', channel.address) ?? '[redacted]', ...flags].join(' ');
}

export function accountSummary(account: AuditedAccount): AccountSummary {
  return {
    displayName: asEvidence('PERSON_NAME', account.displayName),
    email: asEvidence('EMAIL', account.email),
    phone: account.phone ? asEvidence('PHONE', account.phone) : null,
    status: account.status,
    riskScore: account.riskScore,
    contactChannels: account.contactChannels.map(channelLine),
  };
}

/** A field as compared: channels by what they are, whatever shape or key order the input gave them. */
function comparable(account: AuditedAccount, field: keyof AuditedAccount): string {
  if (field !== 'contactChannels') return JSON.stringify(account[field] ?? null);
  return JSON.stringify(
    account.contactChannels.map((channel) => [channel.type, channel.address, channel.verified, channel.alertsOptedOut]),
  );
}

type AccountChangeMetadata = Record<string, AccountSummaryValue>;

/** The metadata of a created account's audit event: every field, as `after_<field>`. */
export function accountCreationMetadata(account: AuditedAccount): AccountChangeMetadata {
  const summary = accountSummary(account);
  const fields = Object.keys(summary) as (keyof AuditedAccount)[];
  return {
    changedFields: [...fields].sort(),
    ...Object.fromEntries(fields.map((field) => [`after_${field}`, summary[field]])),
  };
}

/**
 * The metadata of the audit event for `before` → `after`, or undefined when nothing changed. The fields compared are
 * the account's own, not their summaries: an address changed to another with the same masked form is still named in
 * `changedFields`.
 */
export function accountChangeMetadata(before: AuditedAccount, after: AuditedAccount): AccountChangeMetadata | undefined {
  const fields = (Object.keys(accountSummary(after)) as (keyof AuditedAccount)[]).filter(
    (field) => comparable(before, field) !== comparable(after, field),
  );
  if (fields.length === 0) return undefined;
  const was = accountSummary(before);
  const now = accountSummary(after);
  const metadata: AccountChangeMetadata = { changedFields: [...fields].sort() };
  for (const field of fields) {
    metadata[`before_${field}`] = was[field];
    metadata[`after_${field}`] = now[field];
  }
  return metadata;
}
