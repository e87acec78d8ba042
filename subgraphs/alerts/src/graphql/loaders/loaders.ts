import DataLoader from 'dataloader';
import type { Identity, SubgraphContext } from '@vigil/core';
import type { AlertRecord } from '../../adapters/mongo/alert.model.js';
import type { NotificationDeliveryRecord } from '../../adapters/mongo/notification-delivery.model.js';
import type { NotificationService } from '../../application/notification-service.js';
import type { AlertService } from '../../application/alert-service.js';

/** Per-request batching, scoped to the caller's tenants (the service filters by identity). */
export interface AlertLoaders {
  readonly alertById: DataLoader<string, AlertRecord | null>;
  readonly accountRisk: DataLoader<string, { score: number; open: number }>;
  readonly deliveriesByAlert: DataLoader<string, NotificationDeliveryRecord[]>;
}

export type AlertsContext = SubgraphContext<AlertLoaders>;

export function createLoaders(service: AlertService, notifications: NotificationService, identity: Identity): AlertLoaders {
  return {
    alertById: new DataLoader((ids) => service.byIds(identity, ids)),
    accountRisk: new DataLoader((accountIds) => service.accountRisk(identity, accountIds)),
    deliveriesByAlert: new DataLoader((alertIds) => notifications.byAlertIds(identity, alertIds)),
  };
}
