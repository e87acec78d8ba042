import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Channel } from '../../domain/notifications/channel-policy.js';
import type { DeliveryStatus } from '../../adapters/mongo/notification-delivery.model.js';
import { ChannelEnum, DeliveryStatusEnum } from './enums.js';

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

  @Field(() => ID)
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
