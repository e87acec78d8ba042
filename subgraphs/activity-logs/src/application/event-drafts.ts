/**
 * Turns validated events into documents ready to append: enrichment (geo, device), first-seen marks (HMACs
 * under the account key, so the seen sets hold no readable PII), the PII commitment and who recorded the batch (ADR 145),
 * both of which go into the chain.
 */
import { createHmac } from 'node:crypto';
import { Types } from 'mongoose';
import type { ValidActivityEvent } from '../domain/activity-input.js';
import { chainActorOf } from '../domain/actor-identity.js';
import { deviceFingerprint } from '../domain/enrichment.js';
import { maskedMetadataOf, piiCommitment } from '../domain/pii.js';
import type { RecordedBy } from '../domain/recorded-by.js';
import { piiOf, searchTextOf } from './stored-event.js';
import { MAX_SEEN_MARKS, type AccountKeyDocument, type Enricher, type FirstSeenMarks, type NewEventDocument } from './ports.js';

export interface EventDrafts {
  readonly drafts: NewEventDocument[];
  /** Marks seen for the first time in this batch, to add to the accounts' seen sets. */
  readonly newlySeen: FirstSeenMarks[];
}

export function draftEvents(
  tenantId: string,
  events: readonly ValidActivityEvent[],
  accountKeys: ReadonlyMap<string, AccountKeyDocument>,
  enricher: Enricher,
  recordedAt: Date,
  recordedBy: RecordedBy,
  /** The events' ids, by index (the recorder lists them in the batch's outbox entry first); new ones without. */
  ids?: readonly Types.ObjectId[],
): EventDrafts {
  const seen = new SeenSets(accountKeys);
  const marks = new MarkDigests();
  const newlySeen: FirstSeenMarks[] = [];
  const drafts = events.map((event, index): NewEventDocument => {
    const account = accountKeys.get(event.accountId)!;
    const device = event.userAgent ? enricher.deviceFromUserAgent(event.userAgent) : undefined;
    const geo = event.ip ? enricher.geoFromIp(event.ip) : undefined;
    const fingerprint = deviceFingerprint(event.deviceId, device);
    const deviceMark = fingerprint ? marks.of(event.accountId, account.key, fingerprint) : undefined;
    const countryMark = geo?.country ? marks.of(event.accountId, account.key, `country:${geo.country}`) : undefined;
    const deviceSighting = seen.sight(seen.devices, event.accountId, deviceMark);
    const countrySighting = seen.sight(seen.countries, event.accountId, countryMark);
    const firstSeenDevice = isFirst(deviceSighting);
    const firstSeenCountry = isFirst(countrySighting);
    if (deviceSighting === 'remembered' || countrySighting === 'remembered') {
      newlySeen.push({
        accountId: event.accountId,
        devices: deviceSighting === 'remembered' ? [deviceMark!] : [],
        countries: countrySighting === 'remembered' ? [countryMark!] : [],
      });
    }
    const { actor, actorIdentity } = chainActorOf(event.actor, account.key);
    const pii = piiOf({
      actorIdentity,
      ip: event.ip,
      userAgent: event.userAgent,
      deviceId: event.deviceId,
      geo,
      metadata: event.metadata ? { ...event.metadata } : undefined,
    });
    const searchText = searchTextOf(pii.metadata);
    // The form a caller who sees contact details masked searches (ADR 151): the whole form would confirm them.
    const maskedSearchText = pii.metadata ? searchTextOf(maskedMetadataOf(pii.metadata)) : undefined;
    return {
      _id: ids?.[index] ?? new Types.ObjectId(),
      tenantId,
      accountId: event.accountId,
      type: event.definition.type,
      category: event.definition.category,
      outcome: event.outcome,
      occurredAt: event.occurredAt,
      recordedAt,
      actor,
      ...(event.idempotencyKey ? { idempotencyKey: event.idempotencyKey } : {}),
      ...(device && Object.keys(device).length > 0 ? { device } : {}),
      firstSeenDevice,
      firstSeenCountry,
      piiCommitment: piiCommitment(pii, account.key),
      recordedBy: { kind: recordedBy.kind, id: recordedBy.id },
      ...pii,
      ...(event.ipKey ? { ipKey: event.ipKey } : {}),
      ...(searchText ? { searchText } : {}),
      ...(maskedSearchText ? { maskedSearchText } : {}),
    };
  });
  // A set stored past the bound before there was one: an empty addition trims it (AccountKeys.addSeen).
  for (const [accountId, account] of accountKeys) {
    const overfull = account.seenDevices.length > MAX_SEEN_MARKS || account.seenCountries.length > MAX_SEEN_MARKS;
    if (overfull && !newlySeen.some((marks) => marks.accountId === accountId))
      newlySeen.push({ accountId, devices: [], countries: [] });
  }
  return { drafts, newlySeen };
}

/**
 * What a sighting is for its account: a mark it knows, a first sighting it now remembers, or a first sighting of a
 * mark it cannot remember (its set is full): reported first seen every time, as it is not known.
 */
type Sighting = 'known' | 'remembered' | 'unremembered' | 'none';

function isFirst(sighting: Sighting): boolean {
  return sighting === 'remembered' || sighting === 'unremembered';
}

/** Each account's seen marks as stored, plus those of earlier events in the same batch. */
class SeenSets {
  readonly devices = new Map<string, Set<string>>();
  readonly countries = new Map<string, Set<string>>();

  constructor(private readonly accountKeys: ReadonlyMap<string, AccountKeyDocument>) {}

  sight(sets: Map<string, Set<string>>, accountId: string, mark: string | undefined): Sighting {
    if (mark === undefined) return 'none';
    let set = sets.get(accountId);
    if (!set) {
      const account = this.accountKeys.get(accountId)!;
      set = new Set(sets === this.devices ? account.seenDevices : account.seenCountries);
      sets.set(accountId, set);
    }
    if (set.has(mark)) return 'known';
    if (set.size >= MAX_SEEN_MARKS) return 'unremembered';
    set.add(mark);
    return 'remembered';
  }
}

/**
 * A batch's first-seen marks, each HMAC computed once per account and value: a batch repeats them (an account's
 * events mostly share its browser and country), and an HMAC was ~7 µs per ingested event in the 500-event ingest
 * profile (ADR 160). One batch's accounts each have one key, so the account names it.
 */
class MarkDigests {
  private readonly known = new Map<string, string>();

  of(accountId: string, key: Buffer, value: string): string {
    const id = `${accountId}\u0000${value}`;
    let mark = this.known.get(id);
    if (mark === undefined) {
      mark = keyedDigest(key, value);
      this.known.set(id, mark);
    }
    return mark;
  }
}

function keyedDigest(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url').slice(0, 22);
}
