/**
 * The activity chain read as a durable, ordered log per tenant: what every consumer of `activity.recorded`
 * replays from. activity-logs owns and writes these collections; consumers only read them. The contract
 * (database, collection and field names) lives here, next to the topic payloads, because it is shared.
 *
 * Why it is a usable log: a tenant's events carry a gapless `sequence` (unique per tenant; an event is
 * appended only on top of the committed head), so "everything after sequence n" is a complete answer.
 */
import { BSON } from 'mongodb';
import type { Connection } from 'mongoose';
import type { ActivityOutcome, ActivityRecordedPayload, ActorType } from './topics.js';
import { asStored } from './as-stored.js';

export const ACTIVITY_CHAIN = {
  /** activity-logs' database. */
  dbName: 'vigil_activity_logs',
  /** The events, one document per (tenantId, sequence). */
  events: 'activity_events',
  /** One document per tenant: `{ _id: tenantId, sequence }`, the highest sequence announced on the bus. */
  heads: 'activity_chain_heads',
} as const;

/** One position of a tenant's chain; `payload` is null for a tombstone (an event purged by retention). */
export interface ChainEntry {
  readonly tenantId: string;
  readonly sequence: number;
  readonly payload: ActivityRecordedPayload | null;
}

/**
 * A batch just committed to a tenant's chain, handed by activity-logs to the consumers in its own process with
 * the `activity.recorded` message (`PublishOptions.local`, never serialised): a consumer whose position is right
 * before the batch handles these entries instead of reading them back. The chain stays the source of truth: the
 * entries are what a read returns (`AppendedChainEntries.of`), and everything else (a consumer behind or ahead, a
 * redelivery, a restart, a message from another process) reads the chain.
 */
/** Events a chain consumer reads at a time unless told otherwise. */
export const CHAIN_PAGE_SIZE = 100;

/**
 * The most entries one batch hands over: the largest batch one call records (activity-logs' MAX_BATCH_SIZE). A
 * consumer takes them a page at a time, as it would read them (ADR 115).
 */
export const MAX_HANDED_OVER = 1_000;

export class AppendedChainEntries {
  private constructor(
    readonly tenantId: string,
    readonly entries: readonly ChainEntry[],
  ) {}

  /**
   * The entries of committed events, exactly as `readAfter` would return them: each document as it comes back from
   * BSON, copied without encoding where every value's round trip is known (`asStored`), through BSON otherwise. Null unless the documents are one tenant's consecutive sequences, at most
   * MAX_HANDED_OVER of them (a larger batch is read in pages by its consumers).
   */
  static of(docs: readonly StoredActivityEvent[]): AppendedChainEntries | null {
    const tenantId = docs[0]?.tenantId;
    if (tenantId === undefined || docs.length > MAX_HANDED_OVER) return null;
    const entries: ChainEntry[] = [];
    for (const [index, doc] of docs.entries()) {
      if (doc.tenantId !== tenantId || doc.sequence !== docs[0]!.sequence + index) return null;
      // As the driver writes it (an undefined field is stored as null), as a read decodes it; only the fields a read
      // returns (EVENT_FIELDS): the rest of the document (hash link, search text, PII commitment…) is half its bytes
      // and was encoded and decoded for nothing on the walls' path (ADR 108).
      const fields = readFieldsOf(doc);
      // The copy a read would return, made without encoding when every value's round trip is known (ADR 104).
      const stored = (asStored(fields) ??
        BSON.deserialize(BSON.serialize(fields, { ignoreUndefined: false }))) as unknown as StoredActivityEvent;
      entries.push({ tenantId, sequence: doc.sequence, payload: activityRecordedPayloadOf(stored) });
    }
    return new AppendedChainEntries(tenantId, entries);
  }
}

/** The document's `_id` and EVENT_FIELDS, as a read with the full projection returns them (absent stays absent). */
function readFieldsOf(doc: StoredActivityEvent): Record<string, unknown> {
  const fields: Record<string, unknown> = { _id: doc._id };
  for (const field of Object.keys(EVENT_FIELDS)) {
    if (Object.hasOwn(doc, field)) fields[field] = (doc as unknown as Record<string, unknown>)[field];
  }
  return fields;
}

export interface ActivityChainReader {
  /** Each tenant's announced head (one small document per tenant: cheap enough to poll). */
  heads(): Promise<Map<string, number>>;
  /** Each tenant's committed head, read from the events themselves: a scan, for a consumer group's first start. */
  scanHeads(): Promise<Map<string, number>>;
  /** Up to `limit` entries of one tenant after `afterSequence`, oldest first. */
  readAfter(tenantId: string, afterSequence: number, limit: number): Promise<ChainEntry[]>;
  /** Which of these idempotency keys are recorded in the tenant's chain (a producer's delivery receipt). */
  recordedKeys(tenantId: string, keys: readonly string[]): Promise<Set<string>>;
}

/** The fields of a stored activity event that make up the `activity.recorded` payload. */
export interface StoredActivityEvent {
  /** An ObjectId as activity-logs writes it (a string is accepted for hand-written fixtures). */
  readonly _id: string | { toHexString(): string };
  readonly tenantId: string;
  readonly sequence: number;
  readonly hash?: string | null;
  readonly accountId?: string | null;
  readonly type?: string | null;
  readonly category?: string | null;
  readonly outcome?: ActivityOutcome | null;
  readonly occurredAt?: Date | null;
  readonly actor?: { readonly type?: ActorType | null; readonly id?: string | null } | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly deviceId?: string | null;
  readonly geo?: { country?: string | null; city?: string | null; lat?: number | null; lon?: number | null } | null;
  readonly firstSeenDevice?: boolean | null;
  readonly firstSeenCountry?: boolean | null;
  readonly metadata?: Readonly<Record<string, unknown>> | null;
  readonly purgedAt?: Date | null;
}

/** The payload activity-logs publishes for a stored event; null for a tombstone (nothing left to act on). */
export function activityRecordedPayloadOf(doc: StoredActivityEvent): ActivityRecordedPayload | null {
  if (doc.purgedAt || !doc.accountId || !doc.type || !isDate(doc.occurredAt)) return null;
  const geo = compact(doc.geo);
  const actorId = doc.actor?.id;
  return {
    eventId: typeof doc._id === 'string' ? doc._id : doc._id.toHexString(),
    tenantId: doc.tenantId,
    accountId: doc.accountId,
    type: doc.type,
    category: doc.category ?? '',
    outcome: doc.outcome ?? 'UNKNOWN',
    occurredAt: doc.occurredAt.toISOString(),
    actor: { type: doc.actor?.type ?? 'SYSTEM', ...(actorId ? { id: actorId } : {}) },
    ...(doc.ip ? { ip: doc.ip } : {}),
    ...(doc.userAgent ? { userAgent: doc.userAgent } : {}),
    ...(doc.deviceId ? { deviceId: doc.deviceId } : {}),
    ...(geo ? { geo } : {}),
    firstSeenDevice: doc.firstSeenDevice === true,
    firstSeenCountry: doc.firstSeenCountry === true,
    ...(doc.metadata && Object.keys(doc.metadata).length > 0 ? { metadata: doc.metadata } : {}),
    // Chain position and link hash: what an alert cites as evidence, verifiable later.
    sequence: doc.sequence,
    ...(doc.hash ? { hash: doc.hash } : {}),
  };
}

function isDate(value: Date | null | undefined): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function compact<T extends object>(value: T | null | undefined): { [K in keyof T]: NonNullable<T[K]> } | undefined {
  if (!value) return undefined;
  const entries = Object.entries(value).filter(([, field]) => field !== undefined && field !== null);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as { [K in keyof T]: NonNullable<T[K]> });
}

const EVENT_FIELDS = {
  tenantId: 1,
  sequence: 1,
  hash: 1,
  accountId: 1,
  type: 1,
  category: 1,
  outcome: 1,
  occurredAt: 1,
  actor: 1,
  ip: 1,
  userAgent: 1,
  deviceId: 1,
  geo: 1,
  firstSeenDevice: 1,
  firstSeenCountry: 1,
  metadata: 1,
  purgedAt: 1,
} as const;

/** A payload field a consumer may ask `readAfter` for (see MongoActivityChainReader's `fields`). */
export type ActivityPayloadField = Exclude<keyof typeof EVENT_FIELDS, 'tenantId' | 'sequence' | 'purgedAt'>;

/** What every read needs whatever the consumer asks for: the position, and what tells a tombstone or a payload apart. */
const ALWAYS_READ = { tenantId: 1, sequence: 1, purgedAt: 1, accountId: 1, type: 1, occurredAt: 1 } as const;

/**
 * Reads the chain from activity-logs' database over any connection to the same server (a consumer's own
 * connection: `useDb` shares its sockets). Read-only: a consumer never writes another subgraph's data.
 */
export class MongoActivityChainReader implements ActivityChainReader {
  private readonly db: Connection;
  private readonly projection: Readonly<Record<string, 1>>;

  /**
   * `fields`: the payload fields this consumer reads. Each page then carries only those (plus the event's id,
   * tenant, account, type and time): every consumer reads every event, so a consumer that needs three fields
   * should not have the server encode, and itself decode, the rest. Fields left out take the payload's defaults
   * (absent, `''`, `UNKNOWN`, `false`): pass them only to a handler that does not read the others. Default: all.
   */
  constructor(connection: Connection, options: { readonly fields?: readonly ActivityPayloadField[] } = {}) {
    this.db = connection.useDb(ACTIVITY_CHAIN.dbName, { useCache: true });
    this.projection = options.fields
      ? { ...ALWAYS_READ, ...Object.fromEntries(options.fields.map((field) => [field, 1] as const)) }
      : EVENT_FIELDS;
  }

  async heads(): Promise<Map<string, number>> {
    const docs = await this.db
      .collection<{ _id: string; sequence: number }>(ACTIVITY_CHAIN.heads)
      .find({}, { projection: { sequence: 1 } })
      .toArray();
    return new Map(docs.filter((doc) => typeof doc.sequence === 'number').map((doc) => [doc._id, doc.sequence]));
  }

  async scanHeads(): Promise<Map<string, number>> {
    const events = this.db.collection<StoredActivityEvent>(ACTIVITY_CHAIN.events);
    const tenants = (await events.distinct('tenantId')) as string[];
    const heads = new Map<string, number>();
    for (const tenantId of tenants) {
      const head = await events.findOne({ tenantId }, { sort: { sequence: -1 }, projection: { sequence: 1 } });
      if (head) heads.set(tenantId, head.sequence);
    }
    return heads;
  }

  async readAfter(tenantId: string, afterSequence: number, limit: number): Promise<ChainEntry[]> {
    const docs = await this.db
      .collection<StoredActivityEvent>(ACTIVITY_CHAIN.events)
      .find({ tenantId, sequence: { $gt: afterSequence } }, { sort: { sequence: 1 }, limit, projection: this.projection })
      .toArray();
    return docs.map((doc) => ({ tenantId, sequence: doc.sequence, payload: activityRecordedPayloadOf(doc) }));
  }

  async recordedKeys(tenantId: string, keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const docs = await this.db
      .collection<{ tenantId: string; idempotencyKey?: string }>(ACTIVITY_CHAIN.events)
      .find({ tenantId, idempotencyKey: { $in: [...keys] } }, { projection: { idempotencyKey: 1 } })
      .toArray();
    return new Set(docs.map((doc) => doc.idempotencyKey).filter((key): key is string => key !== undefined));
  }
}
