import { AccountStatus } from './enums.js';

/**
 * Which status changes an agent may make. CLOSED is final: a closed account is never reopened (a new
 * account is created instead), so its history stays attached to one lifecycle.
 */
const ALLOWED: Readonly<Record<AccountStatus, readonly AccountStatus[]>> = {
  [AccountStatus.ACTIVE]: [AccountStatus.LOCKED, AccountStatus.SUSPENDED, AccountStatus.CLOSED],
  [AccountStatus.LOCKED]: [AccountStatus.ACTIVE, AccountStatus.SUSPENDED, AccountStatus.CLOSED],
  [AccountStatus.SUSPENDED]: [AccountStatus.ACTIVE, AccountStatus.LOCKED, AccountStatus.CLOSED],
  [AccountStatus.CLOSED]: [],
};

export function canChangeStatus(from: AccountStatus, to: AccountStatus): boolean {
  return from === to || ALLOWED[from].includes(to);
}
