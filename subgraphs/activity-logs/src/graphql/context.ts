import DataLoader from 'dataloader';
import type { Identity, Role, SubgraphContext } from '@vigil/core';
import { viewForReader } from '../domain/activity-event.js';
import type { ActivityQueries, StoredActivityEvent } from '../services/activity-queries.js';
import type { ActivityEvent } from './types.js';

/** Roles that read activity events at all (PII is further masked for some of them). */
export const EVENT_READER_ROLES: readonly Role[] = ['ADMIN', 'SUPERVISOR', 'AGENT', 'SECURITY_ANALYST', 'AUDITOR'];

export interface ActivityLoaders {
  /** Events by id, restricted to the caller's tenants: another tenant's event loads as null. */
  readonly eventById: DataLoader<string, StoredActivityEvent | null>;
}

export type ActivityContext = SubgraphContext<ActivityLoaders>;

export function createActivityLoaders(queries: ActivityQueries, identity: Identity): ActivityLoaders {
  return { eventById: new DataLoader((ids) => queries.byIds(identity, ids)) };
}

/** Every event leaves the subgraph through here: masked for the caller's roles. */
export function present(event: StoredActivityEvent, identity: Identity): ActivityEvent {
  const { review, ...view } = event;
  return { ...viewForReader(view, identity.roles), review } as ActivityEvent;
}
