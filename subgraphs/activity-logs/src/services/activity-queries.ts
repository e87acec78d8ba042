/**
 * Reads: the timeline (newest first, keyset-paginated on (occurredAt, _id) so page N costs the same as
 * page 1 — no skip), single events, and review marks. Every query is scoped to the caller's tenants here,
 * in the data layer, whatever the resolver above did.
 */
import { assertTenantAccess, badUserInput, forbidden, notFound, type Identity } from '@vigil/core';
import { Types } from 'mongoose';
import type { ActivityOutcome, ActorType } from '@vigil/core';
import type { ActivityEventView } from '../domain/activity-event.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, MAX_PAGE_SIZE } from '../domain/cursor.js';
import { cidrToKeyRange } from '../domain/ip-address.js';
import { canSeePii } from '../domain/pii.js';
import type { ActivityCategory } from '@vigil/core';
import type { ActivityEventDocument, ActivityModels } from '../models/index.js';
import { viewOf } from './event-mapping.js';

/** A MongoDB filter over activity_events, built field by field below. */
type EventQuery = Record<string, unknown>;

export interface TimelineFilter {
  readonly accountId?: string;
  readonly types?: readonly string[];
  readonly typePrefix?: string;
  readonly categories?: readonly ActivityCategory[];
  readonly outcomes?: readonly ActivityOutcome[];
  readonly from?: Date;
  readonly to?: Date;
  readonly ipCidr?: string;
  readonly countries?: readonly string[];
  readonly deviceId?: string;
  readonly actorTypes?: readonly ActorType[];
  readonly actorId?: string;
  readonly text?: string;
  readonly flagged?: boolean;
  readonly reviewed?: boolean;
}

export interface TimelinePage {
  readonly edges: { cursor: string; node: StoredActivityEvent }[];
  readonly pageInfo: { hasNextPage: boolean; endCursor?: string };
}

/** A view plus the review state, which lives outside the chain. */
export type StoredActivityEvent = ActivityEventView & {
  readonly review: NonNullable<ActivityEventDocument['review']> & { flagged: boolean };
};

export function storedEventOf(doc: ActivityEventDocument): StoredActivityEvent {
  return { ...viewOf(doc), review: { ...doc.review, flagged: doc.review?.flagged === true } };
}

export class ActivityQueries {
  constructor(private readonly models: ActivityModels) {}

  /**
   * `tenantId` given: that tenant (FORBIDDEN if not the caller's); absent: all the caller's tenants
   * (the Account.activity path, where the account id is global).
   */
  async timeline(
    identity: Identity,
    tenantId: string | undefined,
    filter: TimelineFilter,
    first = DEFAULT_PAGE_SIZE,
    after?: string,
  ): Promise<TimelinePage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE)
      throw badUserInput(`first must be 1 to ${MAX_PAGE_SIZE}.`, { first: `1..${MAX_PAGE_SIZE}` });
    const query: EventQuery = { ...this.scope(identity, tenantId), ...this.filterQuery(identity, filter) };
    if (after !== undefined) {
      const position = decodeCursor(after);
      if (!position)
        throw badUserInput('after is not a cursor from this timeline; pass pageInfo.endCursor of the previous page.', {
          after: 'invalid cursor',
        });
      const id = new Types.ObjectId(position.id);
      const timeBound = query.occurredAt as Record<string, Date> | undefined;
      query.$or = [
        { occurredAt: { ...timeBound, $lt: position.occurredAt } },
        { occurredAt: position.occurredAt, _id: { $lt: id } },
      ];
      delete query.occurredAt;
    }
    const docs = await this.models.events
      .find(query)
      .sort({ occurredAt: -1, _id: -1 })
      .limit(first + 1)
      .lean<ActivityEventDocument[]>()
      .exec();
    const page = docs.slice(0, first);
    const edges = page.map((doc) => ({
      cursor: encodeCursor({ occurredAt: doc.occurredAt!, id: doc._id.toHexString() }),
      node: storedEventOf(doc),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: docs.length > first, ...(edges.length > 0 ? { endCursor: edges[edges.length - 1]!.cursor } : {}) },
    };
  }

  async byIds(identity: Identity, ids: readonly string[]): Promise<(StoredActivityEvent | null)[]> {
    const valid = ids.filter((id) => Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id));
    const docs = await this.models.events
      .find({
        _id: { $in: valid.map((id) => new Types.ObjectId(id)) },
        tenantId: { $in: [...identity.tenantIds] },
        purgedAt: { $exists: false },
      })
      .lean<ActivityEventDocument[]>()
      .exec();
    const byId = new Map(docs.map((doc) => [doc._id.toHexString(), storedEventOf(doc)]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  }

  async flag(identity: Identity, id: string, flagged: boolean, reason: string | undefined): Promise<StoredActivityEvent> {
    if (reason !== undefined && reason.length > 500)
      throw badUserInput('reason is at most 500 characters.', { reason: '≤ 500 characters' });
    const set = flagged
      ? {
          'review.flagged': true,
          'review.flaggedBy': identity.subject,
          'review.flaggedAt': new Date(),
          'review.flagReason': reason ?? null,
        }
      : {
          'review.flagged': false,
          'review.flaggedBy': identity.subject,
          'review.flaggedAt': new Date(),
          'review.flagReason': null,
        };
    return this.updateReview(identity, id, set);
  }

  async markReviewed(identity: Identity, id: string): Promise<StoredActivityEvent> {
    return this.updateReview(identity, id, { 'review.reviewedBy': identity.subject, 'review.reviewedAt': new Date() });
  }

  private async updateReview(identity: Identity, id: string, set: Record<string, unknown>): Promise<StoredActivityEvent> {
    if (!/^[0-9a-f]{24}$/i.test(id)) throw notFound(`No activity event ${id}.`);
    const doc = await this.models.events
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), tenantId: { $in: [...identity.tenantIds] }, purgedAt: { $exists: false } },
        { $set: set },
        { returnDocument: 'after' },
      )
      .lean<ActivityEventDocument>()
      .exec();
    if (!doc) throw notFound(`No activity event ${id} in your tenants.`);
    return storedEventOf(doc);
  }

  private scope(identity: Identity, tenantId: string | undefined): EventQuery {
    if (tenantId !== undefined) {
      assertTenantAccess(identity, tenantId);
      return { tenantId };
    }
    return { tenantId: identity.tenantIds.length === 1 ? identity.tenantIds[0]! : { $in: [...identity.tenantIds] } };
  }

  private filterQuery(identity: Identity, filter: TimelineFilter): EventQuery {
    // Filtering by a PII value reveals it (does this account have an event from 1.2.3.4?): same roles as reading it.
    const piiFilters = ['ipCidr', 'deviceId', 'text'].filter((field) => filter[field as keyof TimelineFilter] !== undefined);
    if (piiFilters.length > 0 && !canSeePii(identity.roles))
      throw forbidden(`Filtering by ${piiFilters.join(', ')} needs the SECURITY_ANALYST, AUDITOR or ADMIN role.`);
    const query: EventQuery = { purgedAt: { $exists: false } };
    if (filter.accountId !== undefined) query.accountId = filter.accountId;
    if (filter.types?.length) query.type = { $in: [...filter.types] };
    if (filter.typePrefix) query.type = { ...(query.type as object), $regex: `^${escapeRegex(filter.typePrefix)}` };
    if (filter.categories?.length) query.category = { $in: [...filter.categories] };
    if (filter.outcomes?.length) query.outcome = { $in: [...filter.outcomes] };
    if (filter.from || filter.to) {
      if (filter.from && filter.to && filter.from >= filter.to)
        throw badUserInput('filter.from must be before filter.to.', { from: 'before to' });
      query.occurredAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    } else {
      query.occurredAt = { $type: 'date' };
    }
    if (filter.ipCidr !== undefined) {
      const range = cidrToKeyRange(filter.ipCidr);
      if (!range)
        throw badUserInput(`ipCidr "${filter.ipCidr}" is not an IP address or CIDR block (e.g. 203.0.113.0/24).`, {
          ipCidr: 'invalid',
        });
      query.ipKey = { $gte: range.from, $lte: range.to };
    }
    if (filter.countries?.length) query['geo.country'] = { $in: filter.countries.map((country) => country.toUpperCase()) };
    if (filter.deviceId !== undefined) query.deviceId = filter.deviceId;
    if (filter.actorTypes?.length) query['actor.type'] = { $in: [...filter.actorTypes] };
    if (filter.actorId !== undefined) query['actor.id'] = filter.actorId;
    if (filter.text !== undefined) {
      const text = filter.text.trim().toLowerCase();
      if (text.length < 2) throw badUserInput('text needs at least 2 characters.', { text: '≥ 2 characters' });
      query.searchText = { $regex: escapeRegex(text) };
    }
    if (filter.flagged !== undefined) query['review.flagged'] = filter.flagged ? true : { $ne: true };
    if (filter.reviewed !== undefined) query['review.reviewedAt'] = filter.reviewed ? { $type: 'date' } : { $exists: false };
    return query;
  }
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
