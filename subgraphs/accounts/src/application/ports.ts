import type { AgentActionPayload, Identity, Role } from '@vigil/core/domain';
import type { ApprovedContact } from '../domain/contact-change-approval.js';
import type { ContactChannelSpec } from '../domain/contact-channels.js';
import type { AccountRecord, AgentRecord, ContactChangeTimes, TenantRecord, TenantSettings } from '../domain/records.js';
import type { AccountStatus, AgentAvailability } from '../domain/vocabulary.js';

/** A write a unique index refused (same email in a tenant, same tenant id): the use case says which conflict. */
export const DUPLICATE = 'DUPLICATE';
export type Written<T> = T | typeof DUPLICATE;

export interface NewAccount {
  readonly tenantId: string;
  readonly displayName: string;
  readonly email: string;
  readonly phone?: string;
  readonly externalRef?: string;
  readonly contactChannels: readonly ContactChannelSpec[];
}

export interface AccountChanges {
  readonly displayName?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly status?: AccountStatus;
  readonly riskScore?: number;
  readonly contactChannels?: readonly ContactChannelSpec[];
}

/** What an update writes: the caller's changes, and when a new contact address appeared, by kind (ADR 150). */
export interface StoredAccountChanges extends AccountChanges {
  readonly contactChangedAt?: ContactChangeTimes;
}

/**
 * A staff change's `agent.action.account.*` audit record, stored inside the account by the write that made the change
 * (the account's outbox, ADR 141); the repository fills in the account id.
 */
export type PendingAccountAction = Omit<AgentActionPayload, 'accountId'>;

/** An update that applies only if the account is as it was read: its audit record describes exactly that change. */
export interface AuditedUpdate {
  readonly unchangedSince: Date;
  readonly action: PendingAccountAction;
}

/** Every read is restricted to the tenants given: what the caller may not see reads as absent. */
export interface AccountRepository {
  byIds(ids: readonly string[], tenantIds: readonly string[]): Promise<AccountRecord[]>;
  /** A tenant's accounts ordered by id, after `afterId`, at most `limit`. */
  page(tenantId: string, afterId: string | undefined, limit: number): Promise<AccountRecord[]>;
  create(account: NewAccount, action: PendingAccountAction): Promise<Written<AccountRecord>>;
  /** Undefined when the account is gone or changed since `audit.unchangedSince`. */
  update(
    id: string,
    tenantId: string,
    changes: StoredAccountChanges,
    audit: AuditedUpdate,
  ): Promise<Written<AccountRecord | undefined>>;
}

export interface NewAgent {
  readonly displayName: string;
  readonly email: string;
  readonly roles: readonly Role[];
  readonly tenantIds: readonly string[];
  readonly availability?: AgentAvailability;
}

export type AgentChanges = Partial<NewAgent>;

/** Where the previous page of agents ended: the list is ordered by display name, then id. */
export interface AgentPosition {
  readonly displayName: string;
  readonly id: string;
}

export interface AgentRepository {
  /** Agents working for at least one of `tenantIds`. */
  byIds(ids: readonly string[], tenantIds: readonly string[]): Promise<AgentRecord[]>;
  /** A tenant's agents by display name, then id, after `after`, at most `limit`. */
  inTenant(tenantId: string, after: AgentPosition | undefined, limit: number): Promise<AgentRecord[]>;
  create(agent: NewAgent): Promise<Written<AgentRecord>>;
  update(id: string, changes: AgentChanges): Promise<AgentRecord | undefined>;
  /** Sets the availability of agent `id` if it works for one of `tenantIds`. */
  setAvailability(id: string, tenantIds: readonly string[], availability: AgentAvailability): Promise<AgentRecord | undefined>;
}

export interface TenantRepository {
  byIds(ids: readonly string[]): Promise<TenantRecord[]>;
  exists(id: string): Promise<boolean>;
  create(tenant: { id: string; name: string; settings: Partial<TenantSettings> }): Promise<Written<TenantRecord>>;
  update(id: string, changes: { name?: string; settings: Partial<TenantSettings> }): Promise<TenantRecord | undefined>;
}

/** Publishes administrator actions to the affected tenants' audit chains. */
export interface AdminAudit {
  agentAccess(actor: Identity, before: AgentRecord | undefined, after: AgentRecord): Promise<void>;
  tenantSettings(actor: Identity, before: TenantRecord | undefined, after: TenantRecord): Promise<void>;
}

/** A recovery case of the account that is not finished, as recovery-cases keeps it (read-only, ADR 040). */
export interface RecoveryUnderWay {
  readonly caseId: string;
  /** Contact changes a supervisor other than the requester approved on the case (ADR 139). */
  readonly approvedContacts: readonly ApprovedContact[];
}

export interface RecoveriesUnderWay {
  ofAccount(tenantId: string, accountId: string): Promise<RecoveryUnderWay[]>;
}

/** Hands the audit records queued in an account to the activity chain (ADR 141); never throws, retries on its own. */
export interface AccountActionRelay {
  flush(accountId: string): Promise<void>;
}

export interface AccountsDeps {
  readonly accounts: AccountRepository;
  readonly agents: AgentRepository;
  readonly tenants: TenantRepository;
  readonly audit: AdminAudit;
  readonly accountActions: AccountActionRelay;
  /** Recoveries under way, which hold new contact addresses for a second person's approval (ADR 139). */
  readonly recoveries: RecoveriesUnderWay;
}
