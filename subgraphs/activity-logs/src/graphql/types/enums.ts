import { ACTIVITY_CATEGORIES, registerGraphqlEnum } from '@vigil/core';
import { ACTOR_TYPES, OUTCOMES } from '../../domain/activity-input.js';

export const ActivityCategoryEnum = registerGraphqlEnum(ACTIVITY_CATEGORIES, {
  name: 'ActivityCategory',
  description: 'Review category of an activity event type.',
});
export const ActivityOutcomeEnum = registerGraphqlEnum(OUTCOMES, { name: 'ActivityOutcome' });
export const ActorTypeEnum = registerGraphqlEnum(ACTOR_TYPES, {
  name: 'ActorType',
  description: 'Who acted: the customer, an agent, Vigil itself or a partner system.',
});
