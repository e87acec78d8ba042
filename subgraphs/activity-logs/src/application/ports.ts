/**
 * What the use cases need from the outside. The event chain, account keys and the publisher are ports with
 * one adapter each (`adapters/mongo`, `adapters/events`, `adapters/enrichment.ts`), and so are the tenant
 * settings. Reads and the governance use cases query the stored events directly: their store port is the
 * models (type only), a repository per aggregate being more code than those queries.
 */
import type { Types } from 'mongoose';
import type { ActivityGeo } from '../domain/pii.js';
import type { DeviceSummary } from '../domain/enrichment.js';
import type { ChainLink } from '../domain/hash-chain.js';
import type { AccountKeyDocument, ActivityEventDocument, TenantSettingsDocument } from '../adapters/mongo/index.js';

export type {
  AccountKeyDocument,
  ActivityEventDocument,
  ActivityModels,
  CheckpointDocument,
  OutboxDocument,
  TenantSettingsDocument,
} from '../adapters/mongo/index.js';

/** An event ready to append: everything but its chain position. */
export type NewEventDocument = Omit<ActivityEventDocument, 'sequence' | 'prevHash' | 'hash'>;

/** Geo and device lookups at ingest. */
export interface Enricher {
  geoFromIp(ip: string): ActivityGeo | undefined;
  deviceFromUserAgent(userAgent: string): DeviceSummary;
}

/** A tenant's append-only hash chain of events. */
export interface EventChain {
  /** Stored events by idempotency key (only the keys found). */
  findByIdempotencyKeys(tenantId: string, keys: readonly string[]): Promise<Map<string, ActivityEventDocument>>;
  /** Writes the batch's outbox entry (before the events, so a crash leaves it for the relay). */
  openOutbox(tenantId: string, eventIds: readonly Types.ObjectId[]): Promise<Types.ObjectId>;
  /**
   * Appends after the tenant's head, retrying on the new head when another writer got there first; drafts
   * whose id or idempotency key another writer committed meanwhile are dropped. `afterCommit` runs once the
   * events are stored, on the new head and what this call committed, while appends of the tenant still wait (so
   * heads are signed in chain order); not when nothing was committed. Returns what this call committed.
   */
  append(
    tenantId: string,
    drafts: readonly NewEventDocument[],
    afterCommit: (head: ChainLink, committed: readonly ActivityEventDocument[]) => Promise<unknown>,
  ): Promise<ActivityEventDocument[]>;
  /** Erases these stored events' personal data (an append that raced an erasure, ADR 138). */
  eraseEvents(tenantId: string, ids: readonly Types.ObjectId[]): Promise<void>;
}

/** Per-account commitment keys and first-seen marks. */
export interface AccountKeys {
  /** The stored keys and seen sets of these accounts (none is created: an account without one is left out). */
  find(tenantId: string, accountIds: readonly string[]): Promise<Map<string, AccountKeyDocument>>;
  /**
   * Each account's key and seen sets: those in `found` (a `find` of this request) as they are, a key created for
   * each of the others (a concurrent creator wins and its key is read). No command when `found` has them all.
   */
  keysFor(
    tenantId: string,
    accountIds: readonly string[],
    found: ReadonlyMap<string, AccountKeyDocument>,
  ): Promise<Map<string, AccountKeyDocument>>;
  /** The keys that exist (an erased account has none), without creating any. */
  existingKeys(tenantId: string, accountIds: readonly string[]): Promise<Map<string, Buffer>>;
  /** True when every account's stored key is still the one given (answered by a count: no key crosses the wire). */
  allCurrent(tenantId: string, keys: ReadonlyMap<string, Buffer>): Promise<boolean>;
  /** Adds first-seen marks (HMACs under the account key). */
  addSeen(tenantId: string, seen: readonly FirstSeenMarks[]): Promise<void>;
}

/**
 * Most marks of one kind (devices, countries) an account remembers: its first ones (ADR 122). Every event with a
 * device is a sighting, failed logins included, so a brute-force tool sending a new device id with every attempt
 * grew the account's seen set by ~34 bytes an attempt (819 KB after 25,000) — read whole by every later batch
 * touching the account, and past MongoDB's 16 MB document limit after ~500,000 attempts, when every such batch failed
 * after its commit. The drafts add marks only while there is room; `addSeen` cuts each set back to it.
 */
export const MAX_SEEN_MARKS = 1_000;

export interface FirstSeenMarks {
  readonly accountId: string;
  readonly devices: readonly string[];
  readonly countries: readonly string[];
}

/** Announces committed events (bus, live subscribers) and clears their outbox entry. */
export interface ActivityAnnouncer {
  /**
   * Puts the batch on the bus before it returns (synchronously: the caller's own follow-up comes after the consumers
   * it woke, ADR 156), then announces the rest and clears the entry.
   */
  publish(docs: readonly ActivityEventDocument[], outboxId: Types.ObjectId): Promise<void>;
  /**
   * Clears the entry of a batch that appended nothing (refused, or only duplicates), without waiting: one left by a
   * failed delete is cleared by the relay, which finds none of its events.
   */
  discard(outboxId: Types.ObjectId): void;
  /** The relay: publishes batches whose publish did not complete; returns how many events it published. */
  republishPending(olderThanMs?: number): Promise<number>;
}

type SettingsEntry<K extends 'customTypes' | 'legalHolds' | 'erasures'> = NonNullable<TenantSettingsDocument[K]>[number];

/**
 * At most this many custom event types and legal holds per tenant. The settings document is read whole by every
 * ingest that misses the taxonomy cache and by the retention purge, and a MongoDB document stops taking writes at
 * 16 MB: without a count, one administrator token (or script) could grow it until the tenant's settings could no
 * longer change. The store keeps the bound in the write itself, so concurrent additions cannot pass it together.
 */
export const MAX_CUSTOM_TYPES = 500;
export const MAX_LEGAL_HOLDS = 1_000;

/** A tenant's settings document (custom event types, retention, legal holds); each write creates it if absent. */
export interface TenantSettingsStore {
  find(tenantId: string): Promise<TenantSettingsDocument | null>;
  /** Adds the type unless the tenant has MAX_CUSTOM_TYPES already: false then. */
  addCustomType(tenantId: string, custom: SettingsEntry<'customTypes'>): Promise<boolean>;
  setRetention(tenantId: string, retention: TenantSettingsDocument['retention']): Promise<void>;
  /**
   * Adds the hold unless the tenant has MAX_LEGAL_HOLDS already (`full`) or an erasure the hold covers has begun and
   * not finished (`erasing`): running, failed part-way, or left by a process that died (ADR 143).
   */
  addLegalHold(tenantId: string, hold: SettingsEntry<'legalHolds'>): Promise<'added' | 'full' | 'erasing'>;
  /**
   * Records the erasure as running unless a legal hold covers its account (false then). The hold check and this mark
   * are one conditional write on the tenant's document, as is addLegalHold's check of the marks: whichever write comes
   * first, the other is refused (ADR 138).
   */
  beginErasure(tenantId: string, erasure: SettingsEntry<'erasures'>): Promise<boolean>;
  /**
   * The erasure finished: removes its mark and the account's marks begun before it (erasures that failed or died
   * part-way, which this one completed).
   */
  endErasure(tenantId: string, erasure: SettingsEntry<'erasures'>): Promise<void>;
  /** The erasure failed part-way: its mark stays, with the time it failed (ADR 143). */
  failErasure(tenantId: string, erasureId: string, failedAt: Date): Promise<void>;
  /** False when the tenant has no hold with this id. */
  removeLegalHold(tenantId: string, holdId: string): Promise<boolean>;
}
