import { connectionType, pageInfoType, type Connection } from '@vigil/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { ActivityEvent } from './activity-event.types.js';

// The reference connection shape of the graph (core `server/connection.ts`): edges { cursor node } and pageInfo.
export const ActivityEventConnection = connectionType(ActivityEvent, {
  name: 'ActivityEvent',
  pageInfo: pageInfoType('ActivityPageInfo'),
  description: 'A page of events, newest first.',
});
export type ActivityEventConnection = Connection<ActivityEvent>;

@ObjectType()
export class RecordActivitiesResult {
  @Field(() => Int, { description: 'Events newly appended to the chain.' }) recordedCount!: number;
  @Field(() => Int, { description: 'Events whose idempotencyKey was already recorded (nothing written).' })
  duplicateCount!: number;
  @Field(() => [ActivityEvent], { description: 'One per input event, in input order.' }) events!: ActivityEvent[];
}
