import { ACTIVITY_CATEGORIES, registerGraphqlEnum } from '@vigil/core';
import { ACTOR_TYPES, OUTCOMES } from '../../domain/activity-input.js';
import { RECORDER_KINDS } from '../../domain/recorded-by.js';

export const ActivityCategoryEnum = registerGraphqlEnum(ACTIVITY_CATEGORIES, {
  name: 'ActivityCategory',
  description: 'Review category of an activity event type.',
});
export const ActivityOutcomeEnum = registerGraphqlEnum(OUTCOMES, { name: 'ActivityOutcome' });
export const ActorTypeEnum = registerGraphqlEnum(ACTOR_TYPES, {
  name: 'ActorType',
  description: 'Who acted: the customer, an agent, Vigil itself or a partner system.',
});
export const RecorderKindEnum = registerGraphqlEnum(RECORDER_KINDS, {
  name: 'RecorderKind',
  description:
    "Who recorded an event: CLIENT, a caller of recordActivities or the NDJSON route (a log shipper, identity provider, CRM); VIGIL, one of Vigil's own writers (staff and administrator actions, erasure and retention records).",
});
