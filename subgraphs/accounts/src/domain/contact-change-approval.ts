import type { ContactChannelSpec } from './contact-channels.js';
import { normalizeEmail } from './contact-channels.js';
import type { AccountRecord } from './records.js';
import type { ContactChannelType } from './vocabulary.js';

/**
 * During a recovery, recovery-cases holds a change of the account's email or phone for a second person: requested on
 * the case, decided by a supervisor who did not ask — changing a contact mid-recovery is the classic takeover move.
 * Here is what that means for an update of the account (ADR 139): an address not on file before is accepted only as
 * such an approved change. Addresses already on file (the email, the phone, every channel's) were trusted before the
 * recovery began, so removing them, reordering them, or changing their flags sends codes nowhere new.
 */
export type ApprovableField = 'EMAIL' | 'PHONE';

/** A contact change a supervisor approved on one of the account's unfinished recovery cases. */
export interface ApprovedContact {
  readonly field: ApprovableField;
  readonly newValue: string;
}

/** A value an update would put on file, with the input field it came from (for the refusal; never the value). */
export interface NewContactAddress {
  readonly input: string;
  readonly field: ApprovableField | 'OTHER';
  readonly address: string;
}

export interface ContactUpdate {
  readonly email?: string;
  readonly phone?: string;
  readonly contactChannels?: readonly ContactChannelSpec[];
}

const FIELD_OF: Readonly<Record<ContactChannelType, NewContactAddress['field']>> = {
  EMAIL: 'EMAIL',
  SMS: 'PHONE',
  VOICE: 'PHONE',
  // Push and web tokens: recovery cases have no approval for them, so none is added during a recovery.
  PUSH: 'OTHER',
  WEB: 'OTHER',
};

/** Emails compare as accounts stores them (trimmed, lower case); numbers and tokens as they are. */
function comparable(field: NewContactAddress['field'], address: string): string {
  return field === 'EMAIL' ? normalizeEmail(address) : address;
}

/** The addresses `update` would put on `account` that are not on file now, email and phone included. */
export function newContactAddresses(account: AccountRecord, update: ContactUpdate): NewContactAddress[] {
  const onFile = new Set(
    [
      ...account.contactChannels.map((c) => comparable(FIELD_OF[c.type], c.address)),
      normalizeEmail(account.email),
      account.phone,
    ].filter((a): a is string => a !== undefined),
  );
  const proposed: NewContactAddress[] = [
    ...(update.email === undefined ? [] : [{ input: 'email', field: 'EMAIL' as const, address: update.email }]),
    ...(update.phone === undefined ? [] : [{ input: 'phone', field: 'PHONE' as const, address: update.phone }]),
    ...(update.contactChannels ?? []).map((c, i) => ({
      input: `contactChannels[${i}].address`,
      field: FIELD_OF[c.type],
      address: c.address,
    })),
  ];
  return proposed.filter((p) => !onFile.has(comparable(p.field, p.address)));
}

/** The new addresses no approved change covers (the same field, the same value). */
export function unapprovedAddresses(
  added: readonly NewContactAddress[],
  approved: readonly ApprovedContact[],
): NewContactAddress[] {
  return added.filter(
    (a) => !approved.some((c) => c.field === a.field && comparable(c.field, c.newValue) === comparable(a.field, a.address)),
  );
}

/**
 * The contact kinds `update` puts a new address of on `account` (ADR 150): each starts its cooling-off before
 * recovery-cases sends codes or reset links to it. Push and web tokens receive no recovery material, so are not stamped.
 */
export function changedContactKinds(account: AccountRecord, update: ContactUpdate): ApprovableField[] {
  const kinds = new Set(newContactAddresses(account, update).map((a) => a.field));
  return (['EMAIL', 'PHONE'] as const).filter((kind) => kinds.has(kind));
}
