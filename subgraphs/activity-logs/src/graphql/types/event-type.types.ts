import { Field, Int, ObjectType } from 'type-graphql';
import type { ActivityCategory } from '@vigil/core';
import { ActivityCategoryEnum } from './enums.js';

@ObjectType()
export class EventTypeInfo {
  @Field(() => String, { description: 'Type, or family pattern such as agent.action.*' }) type!: string;
  @Field(() => ActivityCategoryEnum) category!: ActivityCategory;
  @Field(() => String) description!: string;
  @Field(() => Int) ocsfClassUid!: number;
  @Field(() => Int) ocsfActivityId!: number;
  @Field(() => Boolean, {
    description: 'False for types only Vigil writes (system.*, agent.action.*): recordActivities and NDJSON refuse them.',
  })
  clientMaySend!: boolean;
}
