import { Field, Int, ObjectType } from 'type-graphql';
import { ActivityEvent } from './activity-event.types.js';

// The reference connection shape of the graph (core `server/connection.ts`): edges { cursor node } and pageInfo.

@ObjectType()
export class ActivityPageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor?: string;
}

@ObjectType()
export class ActivityEventEdge {
  @Field(() => String) cursor!: string;
  @Field(() => ActivityEvent) node!: ActivityEvent;
}

@ObjectType({ description: 'A page of events, newest first.' })
export class ActivityEventConnection {
  @Field(() => [ActivityEventEdge]) edges!: ActivityEventEdge[];
  @Field(() => ActivityPageInfo) pageInfo!: ActivityPageInfo;
}

@ObjectType()
export class RecordActivitiesResult {
  @Field(() => Int, { description: 'Events newly appended to the chain.' }) recordedCount!: number;
  @Field(() => Int, { description: 'Events whose idempotencyKey was already recorded (nothing written).' })
  duplicateCount!: number;
  @Field(() => [ActivityEvent], { description: 'One per input event, in input order.' }) events!: ActivityEvent[];
}
