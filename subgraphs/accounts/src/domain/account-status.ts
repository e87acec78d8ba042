import type { AccountStatus } from './vocabulary.js';

/**
 * Which status changes an agent may make. CLOSED is final: a closed account is never reopened (a new
 * account is created instead), so its history stays attached to one lifecycle.
 */
const ALLOWED: Readonly<Record<AccountStatus, readonly AccountStatus[]>> = {
  ACTIVE: ['LOCKED', 'SUSPENDED', 'CLOSED'],
  LOCKED: ['ACTIVE', 'SUSPENDED', 'CLOSED'],
  SUSPENDED: ['ACTIVE', 'LOCKED', 'CLOSED'],
  CLOSED: [],
};

/** The statuses an account in `from` may move to (a refused change names them). */
export function allowedStatusChanges(from: AccountStatus): readonly AccountStatus[] {
  return ALLOWED[from];
}

export function canChangeStatus(from: AccountStatus, to: AccountStatus): boolean {
  return from === to || ALLOWED[from].includes(to);
}
