import type { EventTypeDefinition } from '@vigil/core';
import type { EventTypeInfo } from '../types/index.js';

export function eventTypeInfoOf(definition: EventTypeDefinition): EventTypeInfo {
  return {
    type: definition.type,
    category: definition.category,
    description: definition.description,
    ocsfClassUid: definition.ocsf.classUid,
    ocsfActivityId: definition.ocsf.activityId,
    clientMaySend: definition.writer === 'CLIENT',
  };
}
