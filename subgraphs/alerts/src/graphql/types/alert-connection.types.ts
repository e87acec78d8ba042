import { Field, ObjectType } from 'type-graphql';
import { Alert } from './alert.types.js';

@ObjectType()
export class AlertPageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on an empty page.' })
  endCursor!: string | null;
}

@ObjectType()
export class AlertEdge {
  @Field({ description: 'Opaque: its position in the list.' })
  cursor!: string;

  @Field(() => Alert)
  node!: Alert;
}

@ObjectType({ description: 'A page of alerts, newest first.' })
export class AlertConnection {
  @Field(() => [AlertEdge])
  edges!: AlertEdge[];

  @Field(() => AlertPageInfo)
  pageInfo!: AlertPageInfo;
}
