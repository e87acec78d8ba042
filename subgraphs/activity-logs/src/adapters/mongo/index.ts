import type { Connection } from 'mongoose';
import { accountKeyModel, type AccountKeyModel } from './account-key.model.js';
import { activityEventModel, type ActivityEventModel } from './activity-event.model.js';
import { checkpointModel, type CheckpointModel } from './checkpoint.model.js';
import { outboxModel, type OutboxModel } from './outbox.model.js';
import { tenantSettingsModel, type TenantSettingsModel } from './tenant-settings.model.js';

export * from './account-key.model.js';
export * from './activity-event.model.js';
export * from './checkpoint.model.js';
export * from './outbox.model.js';
export * from './tenant-settings.model.js';

export interface ActivityModels {
  readonly events: ActivityEventModel;
  readonly accountKeys: AccountKeyModel;
  readonly checkpoints: CheckpointModel;
  readonly tenantSettings: TenantSettingsModel;
  readonly outbox: OutboxModel;
}

export async function activityModels(connection: Connection): Promise<ActivityModels> {
  const models = {
    events: activityEventModel(connection),
    accountKeys: accountKeyModel(connection),
    checkpoints: checkpointModel(connection),
    tenantSettings: tenantSettingsModel(connection),
    outbox: outboxModel(connection),
  };
  // Indexes carry the chain's uniqueness and idempotency guarantees: build them before the first write.
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
  return models;
}
