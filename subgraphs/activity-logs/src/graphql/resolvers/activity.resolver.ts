import { assertTenantAccess, assertTenantReferences, type TenantReferences } from '@vigil/core';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { MAX_BATCH_SIZE } from '../../domain/activity-batch.js';
import type { ActivityEventDraft } from '../../domain/activity-input.js';
import { TIMELINE_PAGE_LIMITS } from '../../domain/cursor.js';
import { FIRST_DOC } from '../inputs/activity-inputs.js';
import type { ActivityQueries } from '../../application/activity-queries.js';
import type { EventReview } from '../../application/event-review.js';
import type { ActivityRecorder } from '../../application/activity-recorder.js';
import { clientRecorder } from '../../application/client-recorder.js';
import type { TenantSettingsService } from '../../application/tenant-settings.js';
import type { ActivityContext } from '../loaders/activity-loaders.js';
import { present, presentConnection } from '../mappers/activity-event.mapper.js';
import { eventTypeInfoOf } from '../mappers/event-type.mapper.js';
import { ActivityEventInput, ActivityFilter } from '../inputs/activity-inputs.js';
import { ActivityEvent, ActivityEventConnection, EventTypeInfo, RecordActivitiesResult } from '../types/index.js';

@Resolver(() => ActivityEvent)
export class ActivityResolver {
  constructor(
    private readonly recorder: ActivityRecorder,
    private readonly queries: ActivityQueries,
    private readonly review: EventReview,
    private readonly settings: TenantSettingsService,
    private readonly accounts: TenantReferences,
  ) {}

  @Mutation(() => RecordActivitiesResult, {
    description:
      'Record a batch (1..1000) of activity events for one tenant. Idempotent per event on idempotencyKey. INGEST role.',
  })
  async recordActivities(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('events', () => [ActivityEventInput]) events: ActivityEventInput[],
    @Ctx() context: ActivityContext,
  ): Promise<RecordActivitiesResult> {
    assertTenantAccess(context.identity, tenantId);
    // Before anything is read: a caller whose subject cannot be recorded records nothing (ADR 145).
    const recordedBy = clientRecorder(context.identity);
    // Every account must be this tenant's (NOT_FOUND otherwise, as for a missing one). Oversized batches are
    // refused by the recorder's validation, so the lookup stays bounded. Started, not awaited: the recorder reads the
    // batch's keys meanwhile and writes no event before it passed (ADR 153).
    const admitted =
      events.length <= MAX_BATCH_SIZE
        ? assertTenantReferences(
            this.accounts,
            tenantId,
            events.map((event) => event.accountId).filter((id): id is string => typeof id === 'string'),
            'account',
          )
        : undefined;
    const recorded = await this.recorder.record(tenantId, events as ActivityEventDraft[], recordedBy, admitted);
    const duplicateCount = recorded.filter((entry) => entry.duplicate).length;
    return {
      recordedCount: recorded.length - duplicateCount,
      duplicateCount,
      // Built only when the caller selects `events`: shippers ask for the counts, and presenting a batch of 1,000
      // events they never read was a visible part of its cost.
      get events() {
        return recorded.map((entry) => present({ ...entry.event, review: { flagged: false } }, context.identity));
      },
    };
  }

  @Query(() => ActivityEventConnection, {
    nullable: true,
    description: "A tenant's events, newest first, filtered; cursor-paginated.",
  })
  async activityEvents(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('filter', () => ActivityFilter, { nullable: true }) filter: ActivityFilter | undefined,
    @Arg('accountId', () => ID, { nullable: true }) accountId: string | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: TIMELINE_PAGE_LIMITS.defaultFirst, description: FIRST_DOC })
    first: number,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() context: ActivityContext,
  ): Promise<ActivityEventConnection> {
    const page = await this.queries.timeline(
      context.identity,
      tenantId,
      { ...filter, ...(accountId ? { accountId } : {}) },
      first,
      after,
    );
    return presentConnection(page, context.identity);
  }

  @Query(() => ActivityEvent, { nullable: true })
  async activityEvent(@Arg('id', () => ID) id: string, @Ctx() context: ActivityContext): Promise<ActivityEvent | null> {
    const event = await context.loaders.eventById.load(id);
    return event ? present(event, context.identity) : null;
  }

  @Query(() => [EventTypeInfo], {
    nullable: true,
    description:
      'The event types of a tenant: built-ins, families (agent.action.*, …) and its custom.* types; clientMaySend is false for the types only Vigil writes.',
  })
  async activityEventTypes(
    @Arg('tenantId', () => ID) tenantId: string,
    @Ctx() context: ActivityContext,
  ): Promise<EventTypeInfo[]> {
    assertTenantAccess(context.identity, tenantId);
    const taxonomy = await this.settings.taxonomyFor(tenantId);
    return taxonomy.list().map(eventTypeInfoOf);
  }

  @Mutation(() => ActivityEvent, { description: 'Flag (or unflag) an event for follow-up; records who and when.' })
  async flagActivityEvent(
    @Arg('id', () => ID) id: string,
    @Arg('flagged', () => Boolean, { defaultValue: true }) flagged: boolean,
    @Arg('reason', () => String, { nullable: true }) reason: string | undefined,
    @Ctx() context: ActivityContext,
  ): Promise<ActivityEvent> {
    return present(await this.review.flag(context.identity, id, flagged, reason), context.identity);
  }

  @Mutation(() => ActivityEvent, { description: 'Mark an event reviewed; records who and when.' })
  async markActivityEventReviewed(@Arg('id', () => ID) id: string, @Ctx() context: ActivityContext): Promise<ActivityEvent> {
    return present(await this.review.markReviewed(context.identity, id), context.identity);
  }
}
