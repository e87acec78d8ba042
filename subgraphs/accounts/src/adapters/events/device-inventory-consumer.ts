import {
  ActivityChainConsumer,
  ConsumerOffsets,
  MongoActivityChainReader,
  VIGIL_EVENT_TYPES,
  type ActivityPayloadField,
  type ActivityRecordedPayload,
  type BackgroundTask,
  type EventBus,
} from '@vigil/core';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import {
  forgetSightedDevices,
  recordDeviceSighting,
  type DeviceSighting,
  type InventoryDevice,
} from '../../domain/device-inventory.js';
import type { AccountsModels } from '../mongo/models.js';

export const ACCOUNTS_CONSUMER_GROUP = 'accounts';
const MAX_CONFLICT_RETRIES = 5;

/**
 * Keeps each account's device inventory current from the activity chain: every committed activity with
 * a device id is a sighting. Follows each tenant's chain from the offsets of group `accounts` in this
 * subgraph's `consumer_offsets` (the bus only wakes it up), so a crash loses no sighting. Idempotent (an
 * event handed over again changes nothing) and safe against concurrent sightings of the same account
 * (compare-and-set on the document version, retried). A background task: core starts and stops it.
 *
 * It takes the chain a page at a time and reads only the fields a sighting needs (issue 13: this consumer reads
 * every event ingested, most of which carry no device): one inventory write per account with sightings in the
 * page, and the offset saved once per page rather than every 20 events.
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
    chain: new MongoActivityChainReader(connection, { fields: SIGHTING_FIELDS }),
    offsets: new ConsumerOffsets(connection),
    handleBatch: (payloads) => applySightings(payloads, models, logger),
    logger,
  });
  return { name: 'device-inventory', start: () => follower.start(), stop: () => follower.stop() };
}

/** What `sightingsByAccount` reads of an event (the reader adds the id, tenant, account, type and time). */
const SIGHTING_FIELDS: readonly ActivityPayloadField[] = ['deviceId', 'userAgent'];

/** One page of one tenant's chain: each account's sightings and erasures, in chain order, applied to its inventory at once. */
async function applySightings(
  payloads: readonly ActivityRecordedPayload[],
  models: AccountsModels,
  logger: Logger,
): Promise<void> {
  for (const [accountId, changes] of changesByAccount(payloads)) {
    await applyAccountSightings(payloads[0]!.tenantId, accountId, changes, models, logger);
  }
}

interface AccountSighting extends DeviceSighting {
  readonly eventId: string;
}

/** What one event does to its account's inventory: a device seen, or the account's activity erased (ADR 132). */
type InventoryChange = AccountSighting | { readonly eventId: string; readonly erased: true };

function changesByAccount(payloads: readonly ActivityRecordedPayload[]): Map<string, InventoryChange[]> {
  const byAccount = new Map<string, InventoryChange[]>();
  const add = (accountId: string, change: InventoryChange) => {
    const list = byAccount.get(accountId);
    if (list) list.push(change);
    else byAccount.set(accountId, [change]);
  };
  for (const { accountId, type, deviceId, userAgent, occurredAt, eventId } of payloads) {
    if (type === VIGIL_EVENT_TYPES.accountErased) {
      add(accountId, { eventId, erased: true });
      continue;
    }
    if (!deviceId) continue;
    const seenAt = new Date(occurredAt);
    if (Number.isNaN(seenAt.getTime())) continue;
    add(accountId, { eventId, deviceId, seenAt, ...(userAgent ? { userAgent } : {}) });
  }
  return byAccount;
}

async function applyAccountSightings(
  tenantId: string,
  accountId: string,
  changes: readonly InventoryChange[],
  models: AccountsModels,
  logger: Logger,
): Promise<void> {
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
    const account = await models.Account.findOne({ _id: accountId, tenantId }, { knownDevices: 1, __v: 1 }).lean();
    if (!account) return; // Events for an account this subgraph does not know: nothing to keep.
    // The same fold as one change at a time, in chain order. A page handed over again replays whole (the offset moves
    // after it), so its sightings after an erasure are added back and the result is the same.
    const knownDevices = changes.reduce<InventoryDevice[]>(
      (devices, change) =>
        'erased' in change
          ? forgetSightedDevices(devices)
          : recordDeviceSighting(devices, {
              deviceId: change.deviceId,
              ...(change.userAgent ? { userAgent: change.userAgent } : {}),
              seenAt: change.seenAt,
            }),
      account.knownDevices ?? [],
    );
    // Documents written by upserts (the seed) have no version yet.
    const version = (account as { __v?: number }).__v;
    const result = await models.Account.updateOne(
      { _id: accountId, tenantId, __v: version === undefined ? { $exists: false } : version },
      { $set: { knownDevices }, $inc: { __v: 1 } },
    );
    if (result.matchedCount === 1) return;
  }
  logger.warn(
    { accountId, eventId: changes[0]?.eventId },
    'device inventory update kept conflicting; the events will be redelivered',
  );
  throw new Error('device inventory update conflicted');
}
