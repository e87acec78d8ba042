/**
 * Ingestion: validate → skip already-recorded idempotency keys → draft (enrich, first-seen, PII commitment) →
 * append to the tenant's hash chain → announce `activity.recorded` on the bus and to live subscribers. Events
 * are committed (and their head signed) before anything is published or acknowledged. Steps that need nothing of
 * each other go out at once (ADR 153): the batch's reads with its outbox entry, the head's signature with the
 * check that its keys survived, the first-seen marks with the announcement. The bus message goes before the rest of
 * the announcement and the marks, which wait for the consumers it woke in this process (ADR 156).
 */
import { Types } from 'mongoose';
import { conflictWith } from '@vigil/core';
import { batchInputError, validateActivityBatch } from '../domain/activity-batch.js';
import type { ActivityEventDraft, ValidActivityEvent } from '../domain/activity-input.js';
import type { ActivityEventView } from '../domain/activity-event.js';
import type { RecordedBy } from '../domain/recorded-by.js';
import type { CheckpointService } from './checkpoints.js';
import { draftEvents } from './event-drafts.js';
import { conflictMessage, differingField, idempotencyConflicts } from './idempotency.js';
import { LateErasures, lateErasureRecords } from './late-erasure.js';
import type { AccountKeyDocument, AccountKeys, ActivityAnnouncer, ActivityEventDocument, Enricher, EventChain } from './ports.js';
import { viewOf } from './stored-event.js';
import type { TenantSettingsService } from './tenant-settings.js';
import { VIGIL_RECORDERS } from './vigil-recorders.js';
import { afterWokenConsumers } from './woken-consumers-first.js';

export interface RecordedActivity {
  readonly event: ActivityEventView;
  /** True when the idempotencyKey was already recorded: the stored event is returned, nothing new written. */
  readonly duplicate: boolean;
}

export interface ActivityRecorderDeps {
  readonly chain: EventChain;
  readonly accountKeys: AccountKeys;
  readonly enricher: Enricher;
  readonly announcer: ActivityAnnouncer;
  readonly settings: TenantSettingsService;
  readonly checkpoints: CheckpointService;
}

/** What the batch's first step read and opened, for the append. */
interface Opened {
  /** The fresh events' ids, by index in `fresh` (listed in the outbox entry). */
  readonly ids: readonly Types.ObjectId[];
  /** The stored account keys of the batch's accounts (none created yet). */
  readonly found: ReadonlyMap<string, AccountKeyDocument>;
  readonly outboxId: Types.ObjectId;
}

/** A batch whose references need no check (everything but the GraphQL entrance, which checks them itself). */
const ADMITTED: Promise<void> = Promise.resolve();

export class ActivityRecorder {
  private readonly late: LateErasures;

  constructor(private readonly deps: ActivityRecorderDeps) {
    this.late = new LateErasures(deps.chain, deps.accountKeys);
  }

  /**
   * Validates every item (BAD_USER_INPUT listing each bad field by index) and records the batch. `recordedBy` is who
   * records it (ADR 145), required of every write path so none can leave it out. `admitted`: the caller's check of the
   * batch's account references, already started; the batch's reads go out with it, no event is written before it
   * passed, and its refusal comes before a validation error, as when the caller awaited it first.
   */
  async record(
    tenantId: string,
    drafts: readonly ActivityEventDraft[],
    recordedBy: RecordedBy,
    admitted: Promise<void> = ADMITTED,
  ): Promise<RecordedActivity[]> {
    // Handled now, awaited below: a failed taxonomy read must not leave the refusal unhandled.
    admitted.catch(() => undefined);
    const taxonomy = await this.deps.settings.taxonomyFor(tenantId);
    const validation = validateActivityBatch(drafts, taxonomy);
    if (!validation.ok) {
      await admitted;
      throw batchInputError(validation.errors);
    }
    return this.recordValid(tenantId, validation.events, recordedBy, admitted);
  }

  /**
   * Records already-validated events (agent actions from the bus, system events, NDJSON lines). A duplicate keeps the
   * provenance it was first recorded with: the event is the stored one, whoever sends its key again.
   */
  async recordValid(
    tenantId: string,
    events: readonly ValidActivityEvent[],
    recordedBy: RecordedBy,
    admitted: Promise<void> = ADMITTED,
  ): Promise<RecordedActivity[]> {
    const { chain, accountKeys, announcer } = this.deps;
    // One step instead of three (ADR 153): the stored idempotency keys, the accounts' keys (read only: a key is created
    // once the batch is known to be fresh, or a re-sent duplicate would create an erased account's key again) and the
    // outbox entry, still written before any event, listing an id for every event of the batch.
    const ids = events.map(() => new Types.ObjectId());
    const outbox = chain.openOutbox(tenantId, ids);
    let existing: Map<string, ActivityEventDocument>;
    let opened: Omit<Opened, 'ids'>;
    try {
      const [stored, found, outboxId] = await Promise.all([
        chain.findByIdempotencyKeys(tenantId, keysOf(events)),
        accountKeys.find(tenantId, [...new Set(events.map((event) => event.accountId))]),
        outbox,
        admitted,
      ]);
      existing = stored;
      opened = { found, outboxId };
      const conflicts = await this.conflictsOf(tenantId, events, existing);
      if (conflicts.size > 0) throw conflictWith([...conflicts.values()].join(' '));
    } catch (err) {
      // Refused (or a read failed) before anything was appended: the entry lists nothing to announce.
      outbox.then((outboxId) => announcer.discard(outboxId)).catch(() => undefined);
      throw err;
    }
    const freshIndexes = events.flatMap((event, index) =>
      event.idempotencyKey === undefined || !existing.has(event.idempotencyKey) ? [index] : [],
    );
    const fresh = freshIndexes.map((index) => events[index]!);
    if (fresh.length === 0) announcer.discard(opened.outboxId);
    const committed =
      fresh.length > 0
        ? await this.appendAndAnnounce(tenantId, fresh, recordedBy, { ...opened, ids: freshIndexes.map((index) => ids[index]!) })
        : new Map<number, ActivityEventDocument>();

    // Keys another request committed while this one was appending are duplicates too.
    const late = await chain.findByIdempotencyKeys(tenantId, keysOf(fresh.filter((_, index) => !committed.has(index))));
    let freshIndex = 0;
    return events.map((event): RecordedActivity => {
      const key = event.idempotencyKey;
      const duplicateOf = key === undefined ? undefined : existing.get(key);
      if (duplicateOf) return recordedOf(duplicateOf, true);
      const doc = committed.get(freshIndex);
      freshIndex += 1;
      if (doc) return recordedOf(doc, false);
      const raced = key === undefined ? undefined : late.get(key);
      if (!raced)
        throw conflictWith('The batch was recorded concurrently by another request; retry it with the same idempotency keys.');
      const field = differingField(raced, event, null, this.deps.enricher);
      if (field) throw conflictWith(conflictMessage(key!, field));
      return recordedOf(raced, true);
    });
  }

  /** Events (by index) whose idempotencyKey is already stored for a different event, with the message to show. */
  conflictsOf(
    tenantId: string,
    events: readonly ValidActivityEvent[],
    existing?: ReadonlyMap<string, ActivityEventDocument>,
  ): Promise<Map<number, string>> {
    return idempotencyConflicts(this.deps, tenantId, events, existing);
  }

  /** The outbox relay (see ActivityAnnouncer.republishPending). */
  readonly republishPending = (olderThanMs?: number): Promise<number> => this.deps.announcer.republishPending(olderThanMs);

  /** Appends the fresh events and announces them; returns the committed documents by index in `fresh`. */
  private async appendAndAnnounce(
    tenantId: string,
    fresh: readonly ValidActivityEvent[],
    recordedBy: RecordedBy,
    { ids, found, outboxId }: Opened,
  ): Promise<Map<number, ActivityEventDocument>> {
    const { chain, accountKeys, enricher, announcer, checkpoints } = this.deps;
    // Only an account seen for the first time costs a command here: the others' keys were read with the batch.
    const keys = await accountKeys.keysFor(tenantId, [...new Set(fresh.map((event) => event.accountId))], found);
    const { drafts, newlySeen } = draftEvents(tenantId, fresh, keys, enricher, new Date(), recordedBy, ids);
    let shredded = new Set<string>();
    const appended = await chain.append(tenantId, drafts, async (head, stored) => {
      // Both once the events are stored, neither needing the other: the head's signature, and whether an erasure
      // shredded a key these drafts were committed under since it was read (ADR 138). Both before any announcement,
      // and both settled before the tenant's next append signs its head, even when one fails.
      const [signed, checked] = await Promise.allSettled([
        checkpoints.afterAppend(tenantId, head),
        this.late.shredded(tenantId, stored, keys),
      ]);
      if (signed.status === 'rejected') throw signed.reason;
      if (checked.status === 'rejected') throw checked.reason;
      shredded = checked.value;
    });
    const committed = shredded.size === 0 ? appended : await this.late.erase(tenantId, appended, shredded);
    // Committed and signed: the announcement puts the batch on the bus first (ADR 156); the first-seen marks (read by
    // the next batches' drafts, not by this batch's consumers) are written once the consumers it woke here sent their
    // first commands, beside the rest of the announcement. A shredded key's marks would be noise under the new key.
    const announced = announcer.publish(committed, outboxId);
    await Promise.all([
      announced,
      afterWokenConsumers().then(() =>
        accountKeys.addSeen(
          tenantId,
          newlySeen.filter((marks) => !shredded.has(marks.accountId)),
        ),
      ),
    ]);
    // Verification accepts an erased event only before an erasure record of its account.
    if (shredded.size > 0)
      await this.recordValid(tenantId, lateErasureRecords(shredded, outboxId.toHexString()), VIGIL_RECORDERS.lateErasure);
    const indexById = new Map(drafts.map((draft, index) => [draft._id.toHexString(), index]));
    return new Map(committed.map((doc) => [indexById.get(doc._id.toHexString())!, doc]));
  }
}

/**
 * The stored event's view is built when first read: a shipper's `recordActivities` selects only the counts, and
 * building the view of every event of a batch nobody reads was a per-event cost of ingestion (issue 13).
 */
function recordedOf(doc: ActivityEventDocument, duplicate: boolean): RecordedActivity {
  let view: ActivityEventView | undefined;
  return {
    duplicate,
    get event() {
      view ??= viewOf(doc);
      return view;
    },
  };
}

function keysOf(events: readonly ValidActivityEvent[]): string[] {
  return events.map((event) => event.idempotencyKey).filter((key): key is string => key !== undefined);
}
