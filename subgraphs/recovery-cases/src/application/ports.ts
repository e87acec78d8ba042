import type { Role } from '@vigil/core/domain';
import type { OtherCaseAttempts } from '../domain/account-failures.js';
import type { CaseStatus } from '../domain/case-lifecycle.js';
import type { ApprovedContactChange } from '../domain/contact-cooling-off.js';
import type { RegisteredChannel } from '../domain/reset-token.js';
import type { SlaMetric, SlaPolicy } from '../domain/sla.js';
import type { VerificationPolicy } from '../domain/verification-policy.js';
import type { CasePriority } from '../domain/vocabulary.js';
import type { RecoveryCaseRecord } from './case-record.js';

/** A channel codes and reset links may go to, and when its kind last got a new address (unset: never changed). */
export interface RegisteredContact {
  readonly channel: RegisteredChannel;
  readonly changedAt?: Date;
}

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
  /**
   * The account's registered channel of the given type (or its preferred one), with when an address of its kind last
   * changed (ADR 150); undefined when none.
   */
  registeredChannel(
    tenantId: string,
    accountId: string,
    type?: RegisteredChannel['type'],
  ): Promise<RegisteredContact | undefined>;
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
  /** Whether it can send to this kind of channel: asked before a code or link is recorded, so none is recorded in vain. */
  supports(type: RegisteredChannel['type']): boolean;
  /**
   * Resolves once the message is handed over. Rejects with `MessageNotSent` when it certainly did not leave; any other
   * rejection means it may have (ADR 135).
   */
  deliver(message: RecoveryMessage): Promise<void>;
}

/**
 * A delivery that certainly did not leave: the mail server refused the recipient or the message, or was never
 * reached. `reason` is what the caller is told (no address, no code in it).
 */
export class MessageNotSent extends Error {
  constructor(readonly reason: Error) {
    super(reason.message);
    this.name = 'MessageNotSent';
  }
}

/** Whole cases by id, written with compare-and-set on `revision`. */
export interface CaseRepository {
  find(caseId: string): Promise<RecoveryCaseRecord | undefined>;
  insert(record: RecoveryCaseRecord): Promise<void>;
  /** Writes `next` only if the stored case still has `expectedRevision`; false when another writer got there first. */
  replaceIfRevision(next: RecoveryCaseRecord, expectedRevision: number): Promise<boolean>;
  /** Takes back a case just inserted that lost a race for the account's last open slot (ADR 137). */
  remove(caseId: string): Promise<void>;
}

export interface CaseFilter {
  readonly tenantId: string;
  readonly statuses?: readonly CaseStatus[];
  readonly assigneeId?: string;
  readonly accountId?: string;
  readonly priority?: CasePriority;
}

export interface BreachFilter {
  readonly tenantId: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly metric?: SlaMetric;
  readonly priority?: CasePriority;
  readonly assigneeId?: string;
}

/** Where the previous page ended in the queue order (newest first): `openedAt`, then id. */
export interface QueuePosition {
  readonly openedAt: Date;
  readonly id: string;
}

/** The reads behind queries, reports and the sweep; tenant restrictions are in each query. */
export interface CaseReads {
  /** A tenant's queue, newest first (`openedAt`, then id, descending), after `after`, at most `limit`. */
  queue(filter: CaseFilter, after: QueuePosition | undefined, limit: number): Promise<RecoveryCaseRecord[]>;
  /** One query for many ids / accounts / agents / alerts, within `tenantIds`: the DataLoaders' batches. */
  byField(
    field: '_id' | 'accountId' | 'assigneeId' | 'linkedAlertIds',
    values: readonly string[],
    tenantIds: readonly string[],
  ): Promise<RecoveryCaseRecord[]>;
  /** Cases of the tenant with at least one recorded breach, narrowed by priority and assignee. */
  withBreaches(filter: BreachFilter): Promise<RecoveryCaseRecord[]>;
  openedBetween(tenantId: string, from: Date, to: Date): Promise<RecoveryCaseRecord[]>;
  /** The account's cases other than `exceptCaseId` with a failed verification at or after `since` (ADR 129). */
  otherCasesWithFailures(tenantId: string, accountId: string, exceptCaseId: string, since: Date): Promise<OtherCaseAttempts[]>;
  /**
   * When codes were issued on the account's cases other than `exceptCaseId`, at or after `since` (ADR 129): those that
   * count against the limit, every one but the certainly unsent (ADR 135).
   */
  codesIssuedOnOtherCases(tenantId: string, accountId: string, exceptCaseId: string, since: Date): Promise<Date[]>;
  /** Contact changes approved on any of the account's cases, with when (ADR 150). */
  approvedContactChanges(tenantId: string, accountId: string): Promise<ApprovedContactChange[]>;
  /** Ids of the account's cases not in a terminal status (ADR 137). */
  unfinishedOfAccount(tenantId: string, accountId: string): Promise<string[]>;
  /** Cases not in a terminal status, of one tenant or all. */
  unfinished(tenantId?: string): Promise<RecoveryCaseRecord[]>;
}

export interface StoredSettings {
  readonly verification: VerificationPolicy;
  readonly sla: SlaPolicy;
}

export interface SettingsRepository {
  find(tenantId: string): Promise<StoredSettings | undefined>;
  save(tenantId: string, settings: StoredSettings, updatedBy: string, at: Date): Promise<void>;
}

/** Where the round-robin stopped in each tenant. */
export interface AssignmentCursors {
  lastAssigned(tenantId: string): Promise<string | undefined>;
  remember(tenantId: string, agentId: string, at: Date): Promise<void>;
}

/** What happens after a write: `changed` announces it (live queue) and hands queued actions to the relay. */
export interface CaseEvents {
  changed(record: RecoveryCaseRecord): void;
  /** An audited read: queued agent actions go to the relay, but the case did not change. */
  audited(record: RecoveryCaseRecord): void;
}
