import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  afterKey,
  assertTenantAccess,
  assertTenantReferences,
  badUserInput,
  connectionFrom,
  encodeCursor,
  mapConnection,
  pageSize,
  type TenantReferences,
} from '@vigil/core';
import {
  deliveriesAfter,
  DELIVERIES_PAGE,
  deliveryKey,
  parseDeliveryKey,
  type DeliveryPosition,
} from '../../application/delivery-position.js';
import type { DeliveryStatus, NotificationDeliveryRecord } from '../../adapters/mongo/notification-delivery.model.js';
import type { WebhookEndpointRecord } from '../../adapters/mongo/webhook-endpoint.model.js';
import type { NotificationService } from '../../application/notification-service.js';
import type { AlertsContext } from '../loaders/loaders.js';
import { DeliveryStatusEnum } from '../types/enums.js';
import { NotificationDelivery, RegisteredWebhook, WebhookEndpoint } from '../types/notification.types.js';
import { NotificationDeliveryConnection } from '../types/connections.types.js';
import { Alert } from '../types/alert.types.js';

const PAGE_NOTE = `\`first\` defaults to ${DELIVERIES_PAGE.defaultFirst}, at most ${DELIVERIES_PAGE.maxFirst} (more is BAD_USER_INPUT).`;

/** Where `after` points in a delivery list; `null` (like absent) is the first page. */
function positionAfter(after: string | null | undefined): DeliveryPosition | undefined {
  const key = afterKey(after ?? undefined);
  return key === undefined ? undefined : parseDeliveryKey(key);
}

export function toDelivery(record: NotificationDeliveryRecord): NotificationDelivery {
  return {
    id: record._id,
    alertId: record.alertId ?? undefined,
    purpose: record.purpose,
    channel: record.channel,
    address: record.address,
    status: record.status,
    attempts: record.attempts,
    lastError: record.lastError ?? undefined,
    createdAt: record.createdAt,
    nextAttemptAt: record.status === 'QUEUED' ? record.nextAttemptAt : undefined,
    sentAt: record.sentAt ?? undefined,
    deliveredAt: record.deliveredAt ?? undefined,
    failedAt: record.failedAt ?? undefined,
  };
}

function toEndpoint(record: WebhookEndpointRecord): WebhookEndpoint {
  return { id: record._id, tenantId: record.tenantId, url: record.url, active: record.active, createdAt: record.createdAt };
}

@Resolver()
export class NotificationResolver {
  constructor(
    private readonly service: NotificationService,
    private readonly accounts: TenantReferences,
  ) {}

  @Query(() => NotificationDeliveryConnection, {
    nullable: true,
    description: `Notification deliveries of a tenant, newest first. ${PAGE_NOTE}`,
  })
  async notificationDeliveries(
    @Ctx() context: AlertsContext,
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('alertId', () => ID, { nullable: true }) alertId?: string,
    @Arg('status', () => DeliveryStatusEnum, { nullable: true }) status?: DeliveryStatus,
    @Arg('first', () => Int, { defaultValue: DELIVERIES_PAGE.defaultFirst }) first: number = DELIVERIES_PAGE.defaultFirst,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<NotificationDeliveryConnection> {
    const size = pageSize(first, DELIVERIES_PAGE);
    const records = await this.service.deliveriesFor(context.identity, {
      tenantId,
      alertId,
      status,
      limit: size + 1,
      after: positionAfter(after),
    });
    return mapConnection(
      connectionFrom(records, size, (record) => encodeCursor(deliveryKey(record))),
      toDelivery,
    );
  }

  @Mutation(() => [NotificationDelivery], {
    description:
      "Sends the test template to the tenant's webhooks and, with accountId, to every registered channel of that account.",
  })
  async sendTestAlert(
    @Ctx() context: AlertsContext,
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('accountId', () => ID, { nullable: true }) accountId?: string,
  ): Promise<NotificationDelivery[]> {
    assertTenantAccess(context.identity, tenantId);
    if (accountId !== undefined && accountId !== null)
      await assertTenantReferences(this.accounts, tenantId, [accountId], 'account');
    return (await this.service.sendTest(context.identity, tenantId, accountId)).map(toDelivery);
  }

  @Query(() => [WebhookEndpoint], { nullable: true })
  async alertWebhooks(@Ctx() context: AlertsContext, @Arg('tenantId', () => ID) tenantId: string): Promise<WebhookEndpoint[]> {
    return (await this.service.webhooksFor(context.identity, tenantId)).map(toEndpoint);
  }

  @Mutation(() => RegisteredWebhook, {
    description: 'Registers a client endpoint for signed alert webhooks; returns its secret once.',
  })
  async registerAlertWebhook(
    @Ctx() context: AlertsContext,
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('url') url: string,
  ): Promise<RegisteredWebhook> {
    if (url.length > 2_048) throw badUserInput('url is limited to 2048 characters.', { url: 'max 2048' });
    const { endpoint, secret } = await this.service.registerWebhook(context.identity, tenantId, url);
    return { endpoint: toEndpoint(endpoint), secret };
  }

  @Mutation(() => WebhookEndpoint)
  async deactivateAlertWebhook(@Ctx() context: AlertsContext, @Arg('id', () => ID) id: string): Promise<WebhookEndpoint> {
    return toEndpoint(await this.service.deactivateWebhook(context.identity, id));
  }
}

@Resolver(() => Alert)
export class AlertNotificationsResolver {
  @FieldResolver(() => NotificationDeliveryConnection, {
    description: `Customer and webhook notifications for this alert with their delivery status, newest first (the order and cursors of \`notificationDeliveries\`). ${PAGE_NOTE}`,
  })
  async notifications(
    @Root() alert: Alert,
    @Ctx() context: AlertsContext,
    @Arg('first', () => Int, { defaultValue: DELIVERIES_PAGE.defaultFirst }) first: number = DELIVERIES_PAGE.defaultFirst,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<NotificationDeliveryConnection> {
    const size = pageSize(first, DELIVERIES_PAGE);
    const records = deliveriesAfter(await context.loaders.deliveriesByAlert.load(alert.id), positionAfter(after));
    return mapConnection(
      connectionFrom(records, size, (record) => encodeCursor(deliveryKey(record))),
      toDelivery,
    );
  }
}
