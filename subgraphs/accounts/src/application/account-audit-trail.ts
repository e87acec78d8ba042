import { randomUUID } from 'node:crypto';
import type { Identity } from '@vigil/core/domain';
import type { AccountActionName, AccountSummaryValue } from '../domain/account-audit.js';
import type { PendingAccountAction } from './ports.js';

/**
 * The audit record of a staff member's change to a customer account, written into the account with the change and
 * relayed to the activity chain as `agent.action.<action>` under the staff member's subject (ADR 141).
 */
export function staffAccountAction(
  identity: Identity,
  tenantId: string,
  action: AccountActionName,
  metadata: Readonly<Record<string, AccountSummaryValue>>,
): PendingAccountAction {
  return {
    actionId: randomUUID(),
    tenantId,
    agentId: identity.subject,
    action,
    occurredAt: new Date().toISOString(),
    metadata,
  };
}
