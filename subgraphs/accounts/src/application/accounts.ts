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
import { allowedStatusChanges, canChangeStatus } from '../domain/account-status.js';
import {
  contactChannelProblems,
  defaultContactChannels,
  normalizeEmail,
  type ContactChannelSpec,
} from '../domain/contact-channels.js';
import { ACCOUNT_PAGE } from '../domain/page.js';
import type { AccountRecord } from '../domain/records.js';
import { assertContactChangeApproved } from './contact-change-guard.js';
import { DUPLICATE, type AccountChanges, type AccountsDeps, type NewAccount } from './ports.js';
import { notFound, oneInCallerTenants } from './lookup.js';

const DUPLICATE_EMAIL = 'An account with this email already exists in this tenant.';

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
  const created = await deps.accounts.create({
    ...input,
    email,
    contactChannels: input.contactChannels ?? defaultContactChannels(email, input.phone),
  });
  if (created === DUPLICATE) throw conflictWith(DUPLICATE_EMAIL);
  return created;
}

/**
 * CLOSED is final: a refused status change is CONFLICT with the changes the current status allows. While a recovery
 * of the account is under way, a new contact address must be approved on the case (ADR 139).
 */
export async function updateAccount(
  deps: AccountsDeps,
  identity: Identity,
  id: string,
  changes: AccountChanges,
): Promise<AccountRecord> {
  const current = await oneInCallerTenants(deps.accounts, identity, 'Account', id);
  requireTenantAccess(identity, current.tenantId);
  refuseUndeliverableChannels(changes.contactChannels, changes.email);
  if (changes.status && !canChangeStatus(current.status, changes.status)) {
    const message = `A ${current.status} account cannot become ${changes.status}.`;
    throw refusedTransition('account', current.status, changes.status, allowedStatusChanges(current.status), message);
  }
  await assertContactChangeApproved(deps, current, changes);
  const set = { ...changes, ...(changes.email ? { email: normalizeEmail(changes.email) } : {}) };
  const updated = await deps.accounts.update(id, current.tenantId, set);
  if (updated === DUPLICATE) throw conflictWith(DUPLICATE_EMAIL);
  if (!updated) throw notFound('Account', id);
  return updated;
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
