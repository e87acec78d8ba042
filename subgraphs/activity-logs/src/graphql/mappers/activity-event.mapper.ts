import type { Connection, Identity } from '@vigil/core';
import { mapConnection } from '@vigil/core';
import { viewForReader } from '../../domain/activity-event.js';
import type { StoredActivityEvent } from '../../application/stored-event.js';
import type { ActivityEvent, ActivityEventConnection } from '../types/index.js';

/** Every event leaves the subgraph through here: masked for the caller's roles. */
export function present(event: StoredActivityEvent, identity: Identity): ActivityEvent {
  const { review, ...view } = event;
  return { ...viewForReader(view, identity.roles), review } as ActivityEvent;
}

/** A timeline page as the API shape, each node masked for the caller. */
export function presentConnection(page: Connection<StoredActivityEvent>, identity: Identity): ActivityEventConnection {
  return mapConnection(page, (node) => present(node, identity));
}
