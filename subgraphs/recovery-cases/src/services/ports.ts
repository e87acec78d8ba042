import type { Role } from '@vigil/core';
import type { RegisteredChannel } from '../domain/reset-token.js';

export interface StaffMember {
  readonly id: string;
  readonly roles: readonly Role[];
  readonly available: boolean;
}

/**
 * What recovery-cases needs to know about data the accounts subgraph owns. Codes and reset links go only
 * to channels registered on the account before the call, so the directory — not the agent — names them.
 */
export interface AccountDirectory {
  accountExists(tenantId: string, accountId: string): Promise<boolean>;
  /** The account's registered channel of the given type (or its preferred one); undefined when none. */
  registeredChannel(
    tenantId: string,
    accountId: string,
    type?: RegisteredChannel['type'],
  ): Promise<RegisteredChannel | undefined>;
  /** Agents and supervisors of the tenant: assignees must be among them; round-robin picks available AGENTs. */
  tenantStaff(tenantId: string): Promise<StaffMember[]>;
}

export type RecoveryMessage =
  | {
      readonly kind: 'VERIFICATION_CODE';
      readonly tenantId: string;
      readonly accountId: string;
      readonly channel: RegisteredChannel;
      readonly code: string;
      readonly expiresAt: Date;
    }
  | {
      readonly kind: 'PASSWORD_RESET_LINK';
      readonly tenantId: string;
      readonly accountId: string;
      readonly channel: RegisteredChannel;
      readonly link: string;
      readonly expiresAt: Date;
    };

/** Sends codes and reset links to the customer. Implementations must never log the code or link. */
export interface RecoveryDelivery {
  deliver(message: RecoveryMessage): Promise<void>;
}
