import {
  ActivityChainConsumer,
  ConsumerOffsets,
  MongoActivityChainReader,
  type ActivityRecordedPayload,
  type BackgroundTask,
  type EventBus,
} from '@vigil/core';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { recordDeviceSighting } from '../../domain/device-inventory.js';
import type { AccountsModels } from '../mongo/models.js';

export const ACCOUNTS_CONSUMER_GROUP = 'accounts';
const MAX_CONFLICT_RETRIES = 5;

/**
 * Keeps each account's device inventory current from the activity chain: every committed activity with
 * a device id is a sighting. Follows each tenant's chain from the offsets of group `accounts` in this
 * subgraph's `consumer_offsets` (the bus only wakes it up), so a crash loses no sighting. Idempotent (an
 * event handed over again changes nothing) and safe against concurrent sightings of the same account
 * (compare-and-set on the document version, retried). A background task: core starts and stops it.
 */
export function deviceInventoryTask(
  bus: EventBus,
  connection: Connection,
  models: AccountsModels,
  logger: Logger,
): BackgroundTask {
  const follower = new ActivityChainConsumer({
    group: ACCOUNTS_CONSUMER_GROUP,
    bus,
    chain: new MongoActivityChainReader(connection),
    offsets: new ConsumerOffsets(connection),
    handle: (payload) => applySighting(payload, models, logger),
    logger,
  });
  return { name: 'device-inventory', start: () => follower.start(), stop: () => follower.stop() };
}

async function applySighting(payload: ActivityRecordedPayload, models: AccountsModels, logger: Logger): Promise<void> {
  const { accountId, tenantId, deviceId, userAgent, occurredAt } = payload;
  if (!deviceId) return;
  const seenAt = new Date(occurredAt);
  if (Number.isNaN(seenAt.getTime())) return;

  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
    const account = await models.Account.findOne({ _id: accountId, tenantId }, { knownDevices: 1, __v: 1 }).lean();
    if (!account) return; // An event for an account this subgraph does not know: nothing to keep.
    const knownDevices = recordDeviceSighting(account.knownDevices ?? [], {
      deviceId,
      ...(userAgent ? { userAgent } : {}),
      seenAt,
    });
    // Documents written by upserts (the seed) have no version yet.
    const version = (account as { __v?: number }).__v;
    const result = await models.Account.updateOne(
      { _id: accountId, tenantId, __v: version === undefined ? { $exists: false } : version },
      { $set: { knownDevices }, $inc: { __v: 1 } },
    );
    if (result.matchedCount === 1) return;
  }
  logger.warn({ accountId, eventId: payload.eventId }, 'device inventory update kept conflicting; the event will be redelivered');
  throw new Error('device inventory update conflicted');
}
