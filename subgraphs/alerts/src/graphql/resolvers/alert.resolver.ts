import {
  assertTenantReferences,
  badUserInput,
  canAccessTenant,
  connectionFrom,
  decodeCursor,
  encodeCursor,
  mapConnection,
  pageSize,
  type TenantReferences,
} from '@vigil/core';
import {
  Arg,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscriptionHandlerData,
} from 'type-graphql';
import { isAtLeast } from '../../domain/severity.js';
import { ALERT_RAISED, ALERT_UPDATED, reviveAlert, type PublishedAlert } from '../../application/published-alert.js';
import { parsePosition, positionKey, type AlertService } from '../../application/alert-service.js';
import type { AlertWorkflow } from '../../application/alert-workflow.js';
import { AlertFilter, CloseAlertInput, LiveAlertFilter } from '../inputs/alert.inputs.js';
import type { AlertsContext } from '../loaders/loaders.js';
import { toAlert } from '../mappers/alert.mapper.js';
import { AlertConnection } from '../types/connections.types.js';
import { Account, Alert } from '../types/alert.types.js';

/** `alerts(first)`: default and maximum page size (a larger `first` is BAD_USER_INPUT, never a silent cap). */
export const ALERTS_PAGE = { defaultFirst: 50, maxFirst: 200 } as const;

/**
 * Live delivery check: the alert is in one of the subscriber's tenants and matches the filter, and the
 * subscriber's token has not expired (nothing more is delivered after `exp`, whatever the transport does).
 */
function deliverable(alert: PublishedAlert, filter: LiveAlertFilter | undefined, context: AlertsContext): boolean {
  const { identity } = context;
  if (Date.now() / 1000 >= identity.expiresAt) return false;
  if (!canAccessTenant(identity, alert.tenantId) || alert.mode !== 'ALERT') return false;
  if (filter?.tenantId !== undefined && alert.tenantId !== filter.tenantId) return false;
  if (filter?.minSeverity !== undefined && !isAtLeast(alert.severity, filter.minSeverity)) return false;
  if (filter?.rule?.length && !filter.rule.includes(alert.ruleId)) return false;
  if (
    filter?.accountId !== undefined &&
    alert.accountId !== filter.accountId &&
    !alert.relatedAccountIds.includes(filter.accountId)
  )
    return false;
  return true;
}

/** Both live-alert subscriptions: an alert goes to a subscriber whose tenants and filter it matches. */
const toSubscriber = ({
  payload,
  args,
  context,
}: SubscriptionHandlerData<PublishedAlert, { filter?: LiveAlertFilter }, AlertsContext>): boolean =>
  deliverable(payload, args.filter, context);

@Resolver(() => Alert)
export class AlertResolver {
  constructor(
    private readonly service: AlertService,
    private readonly recoveryCases: TenantReferences,
    private readonly workflow: AlertWorkflow,
  ) {}

  @Query(() => AlertConnection, {
    nullable: true,
    description: `Alerts in your tenants, newest first. \`first\`: default ${ALERTS_PAGE.defaultFirst}, at most ${ALERTS_PAGE.maxFirst}; \`after\`: \`pageInfo.endCursor\` of the previous page.`,
  })
  async alerts(
    @Ctx() context: AlertsContext,
    @Arg('filter', () => AlertFilter, { nullable: true }) filter?: AlertFilter,
    @Arg('first', () => Int, { defaultValue: ALERTS_PAGE.defaultFirst }) first: number = ALERTS_PAGE.defaultFirst,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AlertConnection> {
    const size = pageSize(first, ALERTS_PAGE);
    const records = await this.service.list(context.identity, {
      tenantId: filter?.tenantId,
      statuses: filter?.status,
      minSeverity: filter?.minSeverity,
      ruleIds: filter?.rule,
      accountId: filter?.accountId,
      includeAuditOnly: filter?.includeAuditOnly ?? false,
      limit: size + 1,
      // `after: null` is the first page, like an absent cursor.
      after: after == null ? undefined : parsePosition(decodeCursor(after)),
    });
    return mapConnection(
      connectionFrom(records, size, (record) => encodeCursor(positionKey(record))),
      toAlert,
    );
  }

  @Query(() => Alert, { nullable: true, description: 'One alert by id (NOT_FOUND outside your tenants).' })
  async alert(@Ctx() context: AlertsContext, @Arg('id', () => ID) id: string): Promise<Alert> {
    return toAlert(await this.service.get(context.identity, id));
  }

  @Mutation(() => Alert, { description: 'OPEN → ACKNOWLEDGED: you are looking at it. Records who and when.' })
  async acknowledgeAlert(
    @Ctx() context: AlertsContext,
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { nullable: true }) note?: string,
  ): Promise<Alert> {
    if (note !== undefined && note.length > 2_000)
      throw badUserInput('note is limited to 2000 characters.', { note: 'max 2000' });
    return toAlert(await this.workflow.acknowledge(context.identity, id, note));
  }

  @Mutation(() => Alert, {
    description:
      'Closes with a verdict and a reason in one call (an OPEN alert is acknowledged on the way): RESOLVED, FALSE_POSITIVE, or ESCALATED to an existing recovery case.',
  })
  async closeAlert(@Ctx() context: AlertsContext, @Arg('input', () => CloseAlertInput) input: CloseAlertInput): Promise<Alert> {
    if (input.caseId !== undefined && input.caseId !== null) {
      // The case must be the alert's tenant's: NOT_FOUND for another tenant's case, as for a missing one.
      const alert = await this.service.get(context.identity, input.alertId);
      await assertTenantReferences(this.recoveryCases, alert.tenantId, [input.caseId], 'recovery case');
    }
    return toAlert(await this.workflow.close(context.identity, input.alertId, input.status, input.reason, input.caseId));
  }

  @Subscription(() => Alert, {
    topics: ALERT_RAISED,
    filter: toSubscriber,
    description: 'Alerts as they are raised in your tenants (stored before they are published).',
  })
  alertRaised(
    @Root() payload: PublishedAlert,
    @Arg('filter', () => LiveAlertFilter, { nullable: true }) _filter?: LiveAlertFilter,
  ): Alert {
    return toAlert(reviveAlert(payload));
  }

  @Subscription(() => Alert, {
    topics: ALERT_UPDATED,
    filter: toSubscriber,
    description: 'Alerts as their status changes (acknowledged, resolved, …).',
  })
  alertUpdated(
    @Root() payload: PublishedAlert,
    @Arg('filter', () => LiveAlertFilter, { nullable: true }) _filter?: LiveAlertFilter,
  ): Alert {
    return toAlert(reviveAlert(payload));
  }

  @FieldResolver(() => Account, {
    nullable: true,
    description: 'The account the alert is about (resolved by the accounts subgraph).',
  })
  account(@Root() alert: Alert): Pick<Account, 'id'> | null {
    return alert.accountId === undefined ? null : { id: alert.accountId };
  }
}
