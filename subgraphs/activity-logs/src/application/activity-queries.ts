/**
 * Reads: the timeline (newest first, keyset-paginated on (occurredAt, _id) so page N costs the same as
 * page 1 — no skip) and single events. Every query is scoped to the caller's tenants here, in the data
 * layer, whatever the resolver above did.
 */
import { Types } from 'mongoose';
import {
  requireTenantAccess,
  connectionFrom,
  decodeCursor,
  encodeCursor,
  invalidInput,
  pageSize,
  type Connection,
  type Identity,
} from '@vigil/core';
import { positionKey, positionOf, TIMELINE_PAGE_LIMITS, type TimelinePosition } from '../domain/cursor.js';
import type { ActivityEventDocument, ActivityModels } from './ports.js';
import { storedEventOf, type StoredActivityEvent } from './stored-event.js';
import { timelineFilterQuery, type EventQuery, type TimelineFilter } from './timeline-filter.js';

export class ActivityQueries {
  constructor(private readonly models: Pick<ActivityModels, 'events'>) {}

  /**
   * `tenantId` given: that tenant (FORBIDDEN if not the caller's); absent: all the caller's tenants
   * (the Account.activity path, where the account id is global). `first` outside 1..200 is BAD_USER_INPUT.
   */
  async timeline(
    identity: Identity,
    tenantId: string | undefined,
    filter: TimelineFilter,
    first?: number,
    after?: string,
  ): Promise<Connection<StoredActivityEvent>> {
    const size = pageSize(first, TIMELINE_PAGE_LIMITS);
    const query: EventQuery = { ...this.scope(identity, tenantId), ...timelineFilterQuery(identity, filter) };
    if (after !== undefined) {
      const position = positionAfter(after);
      const timeBound = query.occurredAt as Record<string, Date> | undefined;
      query.$or = [
        { occurredAt: { ...timeBound, $lt: position.occurredAt } },
        { occurredAt: position.occurredAt, _id: { $lt: new Types.ObjectId(position.id) } },
      ];
      delete query.occurredAt;
    }
    const docs = await this.models.events
      .find(query)
      .sort({ occurredAt: -1, _id: -1 })
      .limit(size + 1)
      .lean<ActivityEventDocument[]>()
      .exec();
    return connectionFrom(docs.map(storedEventOf), size, (event) =>
      encodeCursor(positionKey({ occurredAt: event.occurredAt, id: event.id })),
    );
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

  private scope(identity: Identity, tenantId: string | undefined): EventQuery {
    if (tenantId !== undefined) {
      requireTenantAccess(identity, tenantId);
      return { tenantId };
    }
    return { tenantId: identity.tenantIds.length === 1 ? identity.tenantIds[0]! : { $in: [...identity.tenantIds] } };
  }
}

function positionAfter(after: string): TimelinePosition {
  const key = decodeCursor(after);
  const position = key === null ? null : positionOf(key);
  if (!position)
    throw invalidInput('after is not a cursor from this timeline; pass pageInfo.endCursor of the previous page.', {
      after: 'invalid cursor',
    });
  return position;
}
