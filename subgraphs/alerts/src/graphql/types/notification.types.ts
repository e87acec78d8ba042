import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CHANNELS, type Channel } from '../../domain/notifications/channel-policy.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../adapters/mongo/notification-delivery.model.js';

export const ChannelEnum = Object.fromEntries(CHANNELS.map((channel) => [channel, channel])) as { [K in Channel]: K };
registerEnumType(ChannelEnum, { name: 'NotificationChannel' });

export const DeliveryStatusEnum = Object.fromEntries(DELIVERY_STATUSES.map((status) => [status, status])) as {
  [K in DeliveryStatus]: K;
};
registerEnumType(DeliveryStatusEnum, {
  name: 'DeliveryStatus',
  description:
    'QUEUED (waiting or retrying), SENT (provider accepted), DELIVERED (receiver confirmed), FAILED (dead letter), SKIPPED (rate limited).',
});

@ObjectType({ description: 'One notification to one recipient on one channel, from the durable outbox.' })
export class NotificationDelivery {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  alertId?: string;

  @Field({ description: '`alert` or `test` (sendTestAlert).' })
  purpose!: string;

  @Field(() => ChannelEnum)
  channel!: Channel;

  @Field({ description: 'Recipient; masked except for ADMIN and SUPERVISOR.' })
  address!: string;

  @Field(() => DeliveryStatusEnum)
  status!: DeliveryStatus;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed or why it was skipped.' })
  lastError?: string;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  nextAttemptAt?: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  sentAt?: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  deliveredAt?: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  failedAt?: Date;
}

@ObjectType({ description: "A client system's endpoint for signed alert webhooks." })
export class WebhookEndpoint {
  @Field(() => ID)
  id!: string;

  @Field()
  tenantId!: string;

  @Field()
  url!: string;

  @Field()
  active!: boolean;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}

@ObjectType()
export class RegisteredWebhook {
  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;

  @Field({ description: 'HMAC-SHA256 key for the `Vigil-Signature: t=…,v1=…` header. Shown once: store it now.' })
  secret!: string;
}
