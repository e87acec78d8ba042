import { conflictWith, type Identity } from '@vigil/core/domain';
import type { RegisteredChannel } from '../domain/reset-token.js';
import type { RecoveryCommandDeps } from './case-command.js';
import type { RecoveryCaseRecord } from './case-record.js';

/**
 * The case, and the account's registered channel a code or reset link goes to (never one given during the call).
 * CONFLICT when the account has no such channel; `otherwise` ends the message with what the agent can do instead.
 */
export async function caseAndRegisteredChannel(
  deps: RecoveryCommandDeps,
  identity: Identity,
  caseId: string,
  channelType: RegisteredChannel['type'] | undefined,
  otherwise: string,
): Promise<{ current: RecoveryCaseRecord; channel: RegisteredChannel }> {
  const current = await deps.store.load(identity, caseId);
  const channel = await deps.directory.registeredChannel(current.tenantId, current.accountId, channelType);
  if (!channel) throw conflictWith(`The account has no registered ${channelType ?? 'email or phone'} channel${otherwise}`);
  return { current, channel };
}
