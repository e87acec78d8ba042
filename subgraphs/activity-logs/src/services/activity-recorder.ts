/**
 * Ingestion: validate → skip already-recorded idempotency keys → enrich (geo, device, first-seen) →
 * append to the tenant's hash chain in MongoDB → publish `activity.recorded` on the bus and to live
 * subscribers. Events are committed before anything is published or acknowledged.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { Logger } from 'pino';
import { conflict, type EventBus, type VigilPubSub } from '@vigil/core';
import {
  batchInputError,
  validateActivityBatch,
  type ActivityEventDraft,
  type ValidActivityEvent,
} from '../domain/activity-input.js';
import type { ActivityEventView } from '../domain/activity-event.js';
import { deviceFingerprint, deviceFromUserAgent, geoFromIp } from '../domain/enrichment.js';
import { appendToChain, type ChainLink } from '../domain/hash-chain.js';
import { piiCommitment } from '../domain/pii.js';
import type { AccountKeyDocument, ActivityEventDocument, ActivityModels } from '../models/index.js';
import { ActivityPublisher } from './activity-publisher.js';
import type { CheckpointService } from './checkpoints.js';
import { conflictMessage, differingField, idempotencyConflicts } from './idempotency.js';
import { bufferOf, chainContentOf, piiOf, searchTextOf, viewOf } from './event-mapping.js';
import type { TenantLock } from './tenant-lock.js';
import type { TenantSettingsService } from './tenant-settings.js';

export { ACTIVITY_RECORDED_CHANNEL, viewOfLivePayload, type LiveActivityPayload } from './activity-publisher.js';
const MAX_APPEND_ATTEMPTS = 8;

export interface RecordedActivity {
  readonly event: ActivityEventView;
  /** True when the idempotencyKey was already recorded: the stored event is returned, nothing new written. */
  readonly duplicate: boolean;
}

export interface ActivityRecorderDeps {
  readonly models: ActivityModels;
  readonly settings: TenantSettingsService;
  readonly checkpoints: CheckpointService;
  readonly lock: TenantLock;
  readonly bus: EventBus;
  readonly pubsub: VigilPubSub;
  readonly logger: Logger;
}

export class ActivityRecorder {
  private readonly heads = new Map<string, ChainLink | null>();
  private readonly publisher: ActivityPublisher;

  constructor(private readonly deps: ActivityRecorderDeps) {
    this.publisher = new ActivityPublisher(deps);
  }

  /** Validates every item (BAD_USER_INPUT listing each bad field by index) and records the batch. */
  async record(tenantId: string, drafts: readonly ActivityEventDraft[]): Promise<RecordedActivity[]> {
    const taxonomy = await this.deps.settings.taxonomyFor(tenantId);
    const validation = validateActivityBatch(drafts, taxonomy);
    if (!validation.ok) throw batchInputError(validation.errors);
    return this.recordValid(tenantId, validation.events);
  }

  /** Records already-validated events (agent actions from the bus, system events). */
  async recordValid(tenantId: string, events: readonly ValidActivityEvent[]): Promise<RecordedActivity[]> {
    const keys = events.map((event) => event.idempotencyKey).filter((key): key is string => key !== undefined);
    const existing = await this.findByIdempotencyKeys(tenantId, keys);
    const conflicts = await idempotencyConflicts(this.deps.models, tenantId, events, existing);
    if (conflicts.size > 0) throw conflict([...conflicts.values()].join(' '));
    const fresh = events.filter((event) => event.idempotencyKey === undefined || !existing.has(event.idempotencyKey));
    const appended = fresh.length > 0 ? await this.appendFresh(tenantId, fresh) : undefined;
    const inserted = appended?.inserted ?? [];
    if (appended)
      await this.publisher.publish(
        inserted.map((entry) => entry.doc),
        appended.outboxId,
      );

    // Keys another request committed while this one was appending are duplicates too.
    const insertedByEvent = new Map(inserted.map((doc) => [doc.draftIndex, doc.doc]));
    const lateKeys = fresh.filter((_, index) => !insertedByEvent.has(index)).map((event) => event.idempotencyKey!);
    const late = await this.findByIdempotencyKeys(tenantId, lateKeys);
    let freshIndex = 0;
    return events.map((event): RecordedActivity => {
      const key = event.idempotencyKey;
      const duplicateOf = key === undefined ? undefined : existing.get(key);
      if (duplicateOf) return { event: viewOf(duplicateOf), duplicate: true };
      const doc = insertedByEvent.get(freshIndex);
      freshIndex += 1;
      if (doc) return { event: viewOf(doc), duplicate: false };
      const raced = key === undefined ? undefined : late.get(key);
      if (!raced)
        throw conflict('The batch was recorded concurrently by another request; retry it with the same idempotency keys.');
      if (differingField(raced, event, null)) throw conflict(conflictMessage(key!, differingField(raced, event, null)!));
      return { event: viewOf(raced), duplicate: true };
    });
  }

  /** The outbox relay (see ActivityPublisher.republishPending). */
  readonly republishPending = (olderThanMs?: number): Promise<number> => this.publisher.republishPending(olderThanMs);

  private async findByIdempotencyKeys(tenantId: string, keys: readonly string[]): Promise<Map<string, ActivityEventDocument>> {
    if (keys.length === 0) return new Map();
    const docs = await this.deps.models.events
      .find({ tenantId, idempotencyKey: { $in: keys } })
      .lean<ActivityEventDocument[]>()
      .exec();
    return new Map(docs.map((doc) => [doc.idempotencyKey!, doc]));
  }

  private async appendFresh(
    tenantId: string,
    events: readonly ValidActivityEvent[],
  ): Promise<{ outboxId: Types.ObjectId; inserted: { draftIndex: number; doc: ActivityEventDocument }[] }> {
    const accountKeys = await this.accountKeysFor(tenantId, [...new Set(events.map((event) => event.accountId))]);
    const recordedAt = new Date();
    const seenDevices = new Map<string, Set<string>>();
    const seenCountries = new Map<string, Set<string>>();
    const newlySeen: { accountId: string; devices: Set<string>; countries: Set<string> }[] = [];

    const drafts = events.map((event) => {
      const account = accountKeys.get(event.accountId)!;
      const device = event.userAgent ? deviceFromUserAgent(event.userAgent) : undefined;
      const geo = event.ip ? geoFromIp(event.ip) : undefined;
      const devices = setFor(seenDevices, event.accountId, account.seenDevices);
      const countries = setFor(seenCountries, event.accountId, account.seenCountries);
      const fingerprint = deviceFingerprint(event.deviceId, device);
      const deviceMark = fingerprint ? keyedDigest(account.key, fingerprint) : undefined;
      const countryMark = geo?.country ? keyedDigest(account.key, `country:${geo.country}`) : undefined;
      const firstSeenDevice = deviceMark !== undefined && !devices.has(deviceMark);
      const firstSeenCountry = countryMark !== undefined && !countries.has(countryMark);
      if (deviceMark) devices.add(deviceMark);
      if (countryMark) countries.add(countryMark);
      if (firstSeenDevice || firstSeenCountry) {
        newlySeen.push({
          accountId: event.accountId,
          devices: new Set(firstSeenDevice ? [deviceMark!] : []),
          countries: new Set(firstSeenCountry ? [countryMark!] : []),
        });
      }
      const pii = piiOf({
        ip: event.ip,
        userAgent: event.userAgent,
        deviceId: event.deviceId,
        geo,
        metadata: event.metadata ? { ...event.metadata } : undefined,
      });
      const doc: Omit<ActivityEventDocument, 'sequence' | 'prevHash' | 'hash'> = {
        _id: new Types.ObjectId(),
        tenantId,
        accountId: event.accountId,
        type: event.definition.type,
        category: event.definition.category,
        outcome: event.outcome,
        occurredAt: event.occurredAt,
        recordedAt,
        actor: { ...event.actor },
        ...(event.idempotencyKey ? { idempotencyKey: event.idempotencyKey } : {}),
        ...(device && Object.keys(device).length > 0 ? { device } : {}),
        firstSeenDevice,
        firstSeenCountry,
        piiCommitment: piiCommitment(pii, account.key),
        ...pii,
        ...(event.ipKey ? { ipKey: event.ipKey } : {}),
        ...(searchTextOf(pii.metadata) ? { searchText: searchTextOf(pii.metadata) } : {}),
      };
      return doc;
    });

    const outboxId = new Types.ObjectId();
    await this.deps.models.outbox.create({
      _id: outboxId,
      tenantId,
      eventIds: drafts.map((draft) => draft._id),
      createdAt: new Date(),
    });
    const inserted = await this.deps.lock.run(tenantId, () => this.appendWithRetry(tenantId, drafts));
    for (const seen of newlySeen) {
      await this.deps.models.accountKeys.updateOne(
        { tenantId, accountId: seen.accountId },
        { $addToSet: { seenDevices: { $each: [...seen.devices] }, seenCountries: { $each: [...seen.countries] } } },
      );
    }
    const indexById = new Map(drafts.map((draft, index) => [draft._id.toHexString(), index]));
    return { outboxId, inserted: inserted.map((doc) => ({ draftIndex: indexById.get(doc._id.toHexString())!, doc })) };
  }

  /**
   * Appends after the current head. A duplicate key means another writer (another process) appended or
   * recorded one of our idempotency keys first: keep what was committed, drop now-duplicate keys, retry
   * the rest on the new head.
   */
  private async appendWithRetry(
    tenantId: string,
    drafts: Omit<ActivityEventDocument, 'sequence' | 'prevHash' | 'hash'>[],
  ): Promise<ActivityEventDocument[]> {
    const committed: ActivityEventDocument[] = [];
    let remaining = drafts;
    for (let attempt = 1; remaining.length > 0; attempt += 1) {
      const head = await this.head(tenantId);
      const provisional = remaining.map((draft) => ({ ...draft, sequence: 0, prevHash: '', hash: '' }) as ActivityEventDocument);
      const links = appendToChain(head, provisional.map(chainContentOf));
      const docs = provisional.map((doc, index) => ({ ...doc, ...links[index]! }));
      try {
        await this.deps.models.events.insertMany(docs, { ordered: true, lean: true });
        committed.push(...docs);
        this.heads.set(tenantId, links[links.length - 1]!);
        break;
      } catch (err) {
        // Whatever happened, the cached head may be wrong now: read it from the store next time.
        this.heads.delete(tenantId);
        if (!isDuplicateKey(err) || attempt >= MAX_APPEND_ATTEMPTS) throw err;
        const ids = docs.map((doc) => doc._id);
        const stored = new Set(
          (
            await this.deps.models.events
              .find({ _id: { $in: ids } }, { _id: 1 })
              .lean()
              .exec()
          ).map((doc) => doc._id.toHexString()),
        );
        committed.push(...docs.filter((doc) => stored.has(doc._id.toHexString())));
        const keys = remaining.map((draft) => draft.idempotencyKey).filter((key): key is string => key !== undefined);
        const taken = await this.findByIdempotencyKeys(tenantId, keys);
        remaining = remaining.filter(
          (draft) => !stored.has(draft._id.toHexString()) && !(draft.idempotencyKey && taken.has(draft.idempotencyKey)),
        );
      }
    }
    // Sign the head before the batch is acknowledged: no acknowledged event is outside a signed head.
    const signedHead = committed.length > 0 ? await this.head(tenantId) : null;
    if (signedHead) await this.deps.checkpoints.afterAppend(tenantId, signedHead);
    return committed;
  }

  /**
   * The tenant's chain head. Cached per tenant (read and written only under the tenant lock), so an
   * append does not search for the newest event each time; a stale cache (another process appended)
   * surfaces as a duplicate sequence on insert, which drops the cache and retries on the stored head.
   */
  private async head(tenantId: string): Promise<ChainLink | null> {
    if (this.heads.has(tenantId)) return this.heads.get(tenantId) ?? null;
    const head = await this.deps.models.events
      .findOne({ tenantId }, { sequence: 1, prevHash: 1, hash: 1 })
      .sort({ sequence: -1 })
      .lean()
      .exec();
    const link = head ? { sequence: head.sequence, prevHash: head.prevHash, hash: head.hash } : null;
    this.heads.set(tenantId, link);
    return link;
  }

  /** Loads (or creates) each account's commitment key and first-seen sets. */
  private async accountKeysFor(tenantId: string, accountIds: readonly string[]): Promise<Map<string, AccountKeyDocument>> {
    const { accountKeys } = this.deps.models;
    const found = await accountKeys
      .find({ tenantId, accountId: { $in: accountIds } })
      .lean<AccountKeyDocument[]>()
      .exec();
    const byAccount = new Map(found.map((doc) => [doc.accountId, { ...doc, key: bufferOf(doc.key) }]));
    for (const accountId of accountIds) {
      if (byAccount.has(accountId)) continue;
      const created: AccountKeyDocument = {
        tenantId,
        accountId,
        key: randomBytes(32),
        seenDevices: [],
        seenCountries: [],
        createdAt: new Date(),
      };
      try {
        await accountKeys.create(created);
        byAccount.set(accountId, created);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const raced = await accountKeys.findOne({ tenantId, accountId }).lean<AccountKeyDocument>().exec();
        if (!raced) throw err;
        byAccount.set(accountId, { ...raced, key: bufferOf(raced.key) });
      }
    }
    return byAccount;
  }
}

function setFor(cache: Map<string, Set<string>>, accountId: string, initial: readonly string[]): Set<string> {
  let set = cache.get(accountId);
  if (!set) {
    set = new Set(initial);
    cache.set(accountId, set);
  }
  return set;
}

function keyedDigest(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url').slice(0, 22);
}

export function isDuplicateKey(err: unknown): boolean {
  const error = err as { code?: number; writeErrors?: { code?: number }[] };
  return error?.code === 11000 || (error?.writeErrors ?? []).some((writeError) => writeError.code === 11000);
}
