import type { AgentActionPayload, Role } from '@vigil/core/domain';
import type { InventoryDevice } from './device-inventory.js';
import type { AccountStatus, AgentAvailability, ContactChannelType, MfaFactorType } from './vocabulary.js';

/** The stored shapes of the accounts subgraph: what the repositories read and write, free of any database type. */
export interface MfaFactorRecord {
  id: string;
  type: MfaFactorType;
  label: string;
  addedAt: Date;
  lastUsedAt?: Date;
}

export type KnownDeviceRecord = InventoryDevice;

export interface ContactChannelRecord {
  type: ContactChannelType;
  /** Email address, phone number, push token id or web inbox id. */
  address: string;
  verified: boolean;
  /** The customer opted out of non-critical alerts on this channel (critical alerts are still sent). */
  alertsOptedOut: boolean;
}

/** Per contact kind, the time a new address of that kind was written (ADR 150). */
export type ContactChangeTimes = Partial<Record<'EMAIL' | 'PHONE', Date>>;

export interface AccountRecord {
  _id: string;
  tenantId: string;
  /** The client's own id for this customer (CRM), unique per tenant when set. */
  externalRef?: string;
  status: AccountStatus;
  displayName: string;
  email: string;
  phone?: string;
  mfaFactors: MfaFactorRecord[];
  knownDevices: KnownDeviceRecord[];
  contactChannels: ContactChannelRecord[];
  riskScore: number;
  /**
   * When an address of each kind last appeared on the account through `updateAccount` (ADR 150): EMAIL for the email
   * and EMAIL channels, PHONE for the phone and SMS / VOICE channels. recovery-cases sends no code or reset link to a
   * kind changed within its cooling-off period. Unset for addresses the account was created with, or stored before.
   */
  contactChangedAt?: ContactChangeTimes;
  /** Audit records of staff changes not yet confirmed in the activity chain: the account's outbox (ADR 141). */
  pendingActions?: AgentActionPayload[];
  createdAt: Date;
  updatedAt: Date;
}

/** A BPO floor member (or supervisor, analyst, auditor): the `sub` of their token is this id. */
export interface AgentRecord {
  _id: string;
  displayName: string;
  email: string;
  roles: Role[];
  /** Tenants (BPO clients) this agent works for. */
  tenantIds: string[];
  availability: AgentAvailability;
  createdAt: Date;
  updatedAt: Date;
}

export interface TenantSettings {
  timezone: string;
  locale: string;
  /** Support hours used by SLA timers, e.g. `09:00-18:00`. */
  supportHours: string;
  /** Failed logins before an account is locked. */
  lockoutThreshold: number;
}

export interface TenantRecord {
  /** The slug, e.g. `demo`: tenant ids appear in tokens and URLs, so they are readable. */
  _id: string;
  name: string;
  settings: TenantSettings;
  createdAt: Date;
  updatedAt: Date;
}
