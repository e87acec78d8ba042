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
import { DELIVERIES_PAGE, deliveryKey, parseDeliveryKey } from '../../application/delivery-position.js';
import type { DeliveryStatus, NotificationDeliveryRecord } from '../../adapters/mongo/notification-delivery.model.js';
import type { WebhookEndpointRecord } from '../../adapters/mongo/webhook-endpoint.model.js';
import type { NotificationService } from '../../application/notification-service.js';
import type { AlertsContext } from '../loaders/loaders.js';
import { DeliveryStatusEnum } from '../types/enums.js';
import { NotificationDelivery, RegisteredWebhook, WebhookEndpoint } from '../types/notification.types.js';
import { NotificationDeliveryConnection } from '../types/connections.types.js';
import { Alert } from '../types/alert.types.js';

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
    description: `Notification deliveries of a tenant, newest first. \`first\` defaults to ${DELIVERIES_PAGE.defaultFirst}, at most ${DELIVERIES_PAGE.maxFirst} (more is BAD_USER_INPUT).`,
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
    // `after: null` is the first page, like an absent cursor.
    const position = after == null ? undefined : parseDeliveryKey(afterKey(after) ?? '');
    const records = await this.service.deliveriesFor(context.identity, {
      tenantId,
      alertId,
      status,
      limit: size + 1,
      after: position,
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
  @FieldResolver(() => [NotificationDelivery], {
    description: 'Customer and webhook notifications for this alert, with their delivery status.',
  })
  async notifications(@Root() alert: Alert, @Ctx() context: AlertsContext): Promise<NotificationDelivery[]> {
    return (await context.loaders.deliveriesByAlert.load(alert.id)).map(toDelivery);
  }
}
