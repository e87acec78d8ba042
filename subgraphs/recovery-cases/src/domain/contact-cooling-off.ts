import type { ContactField } from './contact-change.js';
import type { RegisteredChannel } from './reset-token.js';

/**
 * A contact address changed moments ago is the one an account takeover plants: a lone supervisor (or one talked into
 * it) points the email at an attacker's mailbox, then a recovery case is opened and the reset goes there (ADR 150).
 * So a code or reset link goes to an address only once its kind's last change is older than the cooling-off, or when
 * a second person approved that very address on a recovery case of the account (ADR 139's contact-change approval).
 */
export const DEFAULT_CONTACT_COOLING_OFF_HOURS = 24;

/** Why a send was withheld, for the refusal and the audit record; never the address. */
export const CONTACT_RECENTLY_CHANGED = 'CONTACT_RECENTLY_CHANGED';

/** A contact change a supervisor other than the requester approved on one of the account's cases. */
export interface ApprovedContactChange {
  readonly field: ContactField;
  readonly newValue: string;
  readonly decidedAt: Date;
}

/** The address is cooling off: changed at `changedAt`, usable for recovery material from `usableAt`. */
export interface CoolingOff {
  readonly changedAt: Date;
  readonly usableAt: Date;
}

export function fieldOfChannel(type: RegisteredChannel['type']): ContactField {
  return type === 'EMAIL' ? 'EMAIL' : 'PHONE';
}

/** Emails compare as accounts stores them (trimmed, lower case); numbers as they are. */
function comparable(field: ContactField, value: string): string {
  return field === 'EMAIL' ? value.trim().toLowerCase() : value;
}

/** Whether the channel's kind changed within the cooling-off before `now`; undefined when it may be used. */
export function coolingOffOf(changedAt: Date | undefined, coolingOffMs: number, now: Date): CoolingOff | undefined {
  if (!changedAt) return undefined;
  const usableAt = new Date(changedAt.getTime() + coolingOffMs);
  return usableAt > now ? { changedAt, usableAt } : undefined;
}

/**
 * Whether a second person approved this address for the account: the same field and value, decided no earlier than
 * one cooling-off period before the change. An older approval was about an address that has since left the account
 * and come back, which nobody looked at; an approval after the change is a supervisor vouching for it on a case.
 */
export function approvedBySecondPerson(
  channel: RegisteredChannel,
  hold: CoolingOff,
  coolingOffMs: number,
  approvals: readonly ApprovedContactChange[],
): boolean {
  const field = fieldOfChannel(channel.type);
  const earliest = hold.changedAt.getTime() - coolingOffMs;
  return approvals.some(
    (a) =>
      a.field === field &&
      comparable(field, a.newValue) === comparable(field, channel.address) &&
      a.decidedAt.getTime() >= earliest,
  );
}
