import DataLoader from 'dataloader';
import type { Identity, SubgraphContext } from '@vigil/core';
import type { ActivityQueries } from '../../application/activity-queries.js';
import type { StoredActivityEvent } from '../../application/stored-event.js';

export interface ActivityLoaders {
  /** Events by id, restricted to the caller's tenants: another tenant's event loads as null. */
  readonly eventById: DataLoader<string, StoredActivityEvent | null>;
}

export type ActivityContext = SubgraphContext<ActivityLoaders>;

export function createActivityLoaders(queries: ActivityQueries, identity: Identity): ActivityLoaders {
  return { eventById: new DataLoader((ids) => queries.byIds(identity, ids)) };
}
