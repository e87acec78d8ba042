import { conflictWith, type Identity } from '@vigil/core/domain';
import { isDeliverableAddress } from '../domain/deliverable-address.js';
import type { RegisteredChannel } from '../domain/reset-token.js';
import type { RecoveryCommandDeps } from './case-command.js';
import type { RecoveryCaseRecord } from './case-record.js';

/**
 * The case, and the account's registered channel a code or reset link goes to (never one given during the call).
 * CONFLICT when the account has no such channel, or its address is not one mailbox or number (a list or smuggled
 * header would send the code elsewhere too); `otherwise` ends the message with what the agent can do instead.
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
  if (!isDeliverableAddress(channel)) {
    // The address is not repeated: it is personal data, and may be what an attacker wrote in.
    throw conflictWith(
      `The account's registered ${channel.type} address is not one address (it holds a list, a name or a line break); correct it in the account first.`,
    );
  }
  // Before anything is written: a code or link recorded (and audited as sent) for a channel nobody sends to would
  // hold the case in VERIFYING or RESET_ISSUED for nothing.
  if (!deps.delivery.supports(channel.type)) {
    throw conflictWith(`${channel.type} delivery is not configured for codes and reset links here; choose another channel.`);
  }
  return { current, channel };
}
