import { registerEnumType } from 'type-graphql';
import { ACTIVITY_CATEGORIES } from '@vigil/core';
import { ACTOR_TYPES, OUTCOMES } from '../domain/activity-input.js';

const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };

export const ActivityCategoryEnum = asEnum(ACTIVITY_CATEGORIES);
export const ActivityOutcomeEnum = asEnum(OUTCOMES);
export const ActorTypeEnum = asEnum(ACTOR_TYPES);

registerEnumType(ActivityCategoryEnum, { name: 'ActivityCategory', description: 'Review category of an activity event type.' });
registerEnumType(ActivityOutcomeEnum, { name: 'ActivityOutcome' });
registerEnumType(ActorTypeEnum, {
  name: 'ActorType',
  description: 'Who acted: the customer, an agent, Vigil itself or a partner system.',
});
