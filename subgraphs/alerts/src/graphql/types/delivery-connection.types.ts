import { Field, ObjectType } from 'type-graphql';
import { NotificationDelivery } from './notification.types.js';

@ObjectType()
export class NotificationDeliveryPageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on an empty page.' })
  endCursor!: string | null;
}

@ObjectType()
export class NotificationDeliveryEdge {
  @Field({ description: 'Opaque: its position in the list.' })
  cursor!: string;

  @Field(() => NotificationDelivery)
  node!: NotificationDelivery;
}

@ObjectType({ description: 'A page of notification deliveries, newest first.' })
export class NotificationDeliveryConnection {
  @Field(() => [NotificationDeliveryEdge])
  edges!: NotificationDeliveryEdge[];

  @Field(() => NotificationDeliveryPageInfo)
  pageInfo!: NotificationDeliveryPageInfo;
}
