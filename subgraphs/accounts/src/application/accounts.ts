import { pageSize } from '@vigil/core';
import {
  conflictWith,
  contactAddressProblem,
  invalidInput,
  missing,
  refusedTransition,
  requireTenantAccess,
  type Identity,
} from '@vigil/core/domain';
import { ACCOUNT_ACTIONS, accountChangeMetadata, accountCreationMetadata } from '../domain/account-audit.js';
import { allowedStatusChanges, canChangeStatus } from '../domain/account-status.js';
import { changedContactKinds } from '../domain/contact-change-approval.js';
import {
  contactChannelProblems,
  defaultContactChannels,
  normalizeEmail,
  type ContactChannelSpec,
} from '../domain/contact-channels.js';
import { ACCOUNT_PAGE } from '../domain/page.js';
import type { AccountRecord } from '../domain/records.js';
import { staffAccountAction } from './account-audit-trail.js';
import { assertContactChangeApproved } from './contact-change-guard.js';
import { DUPLICATE, type AccountChanges, type AccountsDeps, type NewAccount, type StoredAccountChanges } from './ports.js';
import { oneInCallerTenants } from './lookup.js';

const DUPLICATE_EMAIL = 'An account with this email already exists in this tenant.';
/** Tries of an update whose account another write changed after it was read (each re-reads and re-checks). */
const UPDATE_ATTEMPTS = 3;

/** An account's place in the list (ordered by id) as a cursor key; the prefix tells our keys from anything else. */
export function accountKey(id: string): string {
  return `id:${id}`;
}

/** A tenant's accounts after the cursor key `afterKey`, one more than `first` (the connection tells a next page). */
export async function listAccounts(
  deps: AccountsDeps,
  identity: Identity,
  tenantId: string,
  afterKey: string | undefined,
  first: number,
): Promise<AccountRecord[]> {
  const afterId = afterKey === undefined ? undefined : afterKey.startsWith('id:') ? afterKey.slice(3) : '';
  if (afterId === '') throw invalidInput('after is not a cursor from this list.', { after: 'invalid cursor' });
  requireTenantAccess(identity, tenantId);
  pageSize(first, ACCOUNT_PAGE);
  return deps.accounts.page(tenantId, afterId, first + 1);
}

export async function createAccount(
  deps: AccountsDeps,
  identity: Identity,
  input: Omit<NewAccount, 'contactChannels'> & Partial<Pick<NewAccount, 'contactChannels'>>,
): Promise<AccountRecord> {
  requireTenantAccess(identity, input.tenantId);
  refuseUndeliverableChannels(input.contactChannels, input.email);
  if (!(await deps.tenants.exists(input.tenantId))) throw missing(`Tenant "${input.tenantId}" does not exist.`);
  const email = normalizeEmail(input.email);
  const account = {
    ...input,
    email,
    contactChannels: input.contactChannels ?? defaultContactChannels(email, input.phone),
  };
  // A new account starts ACTIVE with no risk (the stored defaults); its record is written with it, so built before.
  const metadata = accountCreationMetadata({ ...account, status: 'ACTIVE', riskScore: 0 });
  const created = await deps.accounts.create(
    account,
    staffAccountAction(identity, input.tenantId, ACCOUNT_ACTIONS.created, metadata),
  );
  if (created === DUPLICATE) throw conflictWith(DUPLICATE_EMAIL);
  void deps.accountActions.flush(created._id);
  return created;
}

/**
 * CLOSED is final: a refused status change is CONFLICT with the changes the current status allows. While a recovery
 * of the account is under way, a new contact address must be approved on the case (ADR 139). The change and its audit
 * record are one write, applied only to the account as read (ADR 141); a change that changes nothing writes neither.
 */
export async function updateAccount(
  deps: AccountsDeps,
  identity: Identity,
  id: string,
  changes: AccountChanges,
): Promise<AccountRecord> {
  for (let attempt = 1; ; attempt++) {
    const current = await oneInCallerTenants(deps.accounts, identity, 'Account', id);
    requireTenantAccess(identity, current.tenantId);
    refuseUndeliverableChannels(changes.contactChannels, changes.email);
    if (changes.status && !canChangeStatus(current.status, changes.status)) {
      const message = `A ${current.status} account cannot become ${changes.status}.`;
      throw refusedTransition('account', current.status, changes.status, allowedStatusChanges(current.status), message);
    }
    await assertContactChangeApproved(deps, current, changes);
    const set = { ...changes, ...(changes.email ? { email: normalizeEmail(changes.email) } : {}) };
    const metadata = accountChangeMetadata(current, { ...current, ...set });
    if (!metadata) return current;
    const action = staffAccountAction(identity, current.tenantId, ACCOUNT_ACTIONS.updated, metadata);
    const stored = { ...set, ...contactChangeStamps(current, changes, new Date()) };
    const updated = await deps.accounts.update(id, current.tenantId, stored, { unchangedSince: current.updatedAt, action });
    if (updated === DUPLICATE) throw conflictWith(DUPLICATE_EMAIL);
    if (updated) {
      void deps.accountActions.flush(id);
      return updated;
    }
    if (attempt === UPDATE_ATTEMPTS) throw conflictWith('The account kept changing while this update was saved; try again.');
  }
}

/**
 * A new email or phone-kind address starts a cooling-off before recovery material goes to it (ADR 150), so the time is
 * written by the same write as the address: no reader can see the address without it. The update applies only to the
 * account as read, so merging with the kinds stamped before loses none. Creation stamps nothing: the addresses an
 * account starts with are its owner's baseline, with no earlier owner to take it from.
 */
function contactChangeStamps(current: AccountRecord, changes: AccountChanges, now: Date): StoredAccountChanges {
  const kinds = changedContactKinds(current, changes);
  if (kinds.length === 0) return {};
  return { contactChangedAt: { ...current.contactChangedAt, ...Object.fromEntries(kinds.map((kind) => [kind, now])) } };
}

/**
 * BAD_USER_INPUT naming every contact address that is not one plain address of its channel, the account's email
 * included (it becomes the default EMAIL channel; GraphQL's email check takes quoted forms such as `"a,b"@x.y`).
 */
function refuseUndeliverableChannels(channels: readonly ContactChannelSpec[] | undefined, email: string | undefined): void {
  const emailProblem = email === undefined ? undefined : contactAddressProblem('EMAIL', normalizeEmail(email));
  const problems: Record<string, string> = {
    ...(emailProblem ? { email: emailProblem } : {}),
    ...contactChannelProblems(channels ?? []),
  };
  const fields = Object.keys(problems);
  if (fields.length === 0) return;
  throw invalidInput(fields.map((field) => `${field} ${problems[field]}.`).join(' '), problems);
}
