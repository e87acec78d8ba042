import { conflictWith, DomainError, type Identity } from '@vigil/core/domain';
import {
  approvedBySecondPerson,
  CONTACT_RECENTLY_CHANGED,
  coolingOffOf,
  type CoolingOff,
} from '../domain/contact-cooling-off.js';
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
): Promise<{ current: RecoveryCaseRecord; channel: RegisteredChannel; hold: CoolingOff | undefined }> {
  const current = await deps.store.load(identity, caseId);
  const registered = await deps.directory.registeredChannel(current.tenantId, current.accountId, channelType);
  const channel = registered?.channel;
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
  return { current, channel, hold: await coolingOffFor(deps, current, channel, registered.changedAt) };
}

/**
 * Whether the channel is cooling off after a change of its kind (ADR 150): a code or link is then withheld, unless a
 * second person approved this very address on one of the account's cases. The approvals are read only for a recent
 * change, so an ordinary send costs no extra read.
 */
async function coolingOffFor(
  deps: RecoveryCommandDeps,
  current: RecoveryCaseRecord,
  channel: RegisteredChannel,
  changedAt: Date | undefined,
): Promise<CoolingOff | undefined> {
  const hold = coolingOffOf(changedAt, deps.contactCoolingOffMs, deps.clock());
  if (!hold) return undefined;
  const approvals = await deps.reads.approvedContactChanges(current.tenantId, current.accountId);
  return approvedBySecondPerson(channel, hold, deps.contactCoolingOffMs, approvals) ? undefined : hold;
}

/** The audit record's metadata for a withheld send: the kind and the times, never the address. */
export function withheldMetadata(channel: RegisteredChannel, hold: CoolingOff): Record<string, unknown> {
  return {
    channelType: channel.type,
    reason: CONTACT_RECENTLY_CHANGED,
    changedAt: hold.changedAt.toISOString(),
    usableAt: hold.usableAt.toISOString(),
  };
}

/**
 * CONFLICT for a withheld send (ADR 150), with what the agent can do: wait until `usableAt`, use another channel or
 * verification method, or have the address approved by a second person on the case. The address is not repeated.
 */
export function contactCoolingOff(
  deps: RecoveryCommandDeps,
  channel: RegisteredChannel,
  hold: CoolingOff,
  secret: 'code' | 'reset link',
): DomainError {
  const hours = Math.round(deps.contactCoolingOffMs / 3_600_000);
  return conflictWith(
    `The account's ${channel.type} address changed less than ${hours} hours ago, so no ${secret} goes to it before ${hold.usableAt.toISOString()}: a newly changed address is where a takeover sends recovery material. Use another channel or verification method, or have a supervisor other than the requester approve the address on the case (requestContactChange, then decideContactChange). The case records the refusal.`,
    {
      reason: CONTACT_RECENTLY_CHANGED,
      channel: channel.type,
      changedAt: hold.changedAt.toISOString(),
      usableAt: hold.usableAt.toISOString(),
    },
  );
}
