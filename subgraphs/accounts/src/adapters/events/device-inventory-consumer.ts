import {
  ActivityChainConsumer,
  ConsumerOffsets,
  MongoActivityChainReader,
  RecordsOnRecord,
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
  type AccountErasure,
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
 *
 * The group starts at the chain's heads the first time it runs: the erasures already on record before that are
 * handed to the same handler once, in the background (ADR 147, `RecordsOnRecord`). An erasure forgets only what was
 * sighted up to its position (ADR 152), so it may come after later sightings were applied.
 */
export function deviceInventoryTask(
  bus: EventBus,
  connection: Connection,
  models: AccountsModels,
  logger: Logger,
): BackgroundTask {
  const offsets = new ConsumerOffsets(connection);
  const apply = (payloads: readonly ActivityRecordedPayload[]) => applyInventoryChanges(payloads, models, logger);
  const follower = new ActivityChainConsumer({
    group: ACCOUNTS_CONSUMER_GROUP,
    bus,
    chain: new MongoActivityChainReader(connection, { fields: SIGHTING_FIELDS }),
    offsets,
    handleBatch: apply,
    logger,
    // No alert waits for the inventory: its catch-ups let detection's go first in a shared process (ADR 159).
    priority: 'background',
  });
  const onRecord = new RecordsOnRecord({
    group: ACCOUNTS_CONSUMER_GROUP,
    types: [VIGIL_EVENT_TYPES.accountErased],
    connection,
    offsets,
    handle: apply,
    logger,
  });
  return {
    name: 'device-inventory',
    start: async () => {
      await follower.start();
      // After the follower: its group's offsets are the bound of the pass.
      onRecord.start();
    },
    stop: async () => {
      await onRecord.stop();
      await follower.stop();
    },
  };
}

/** What `sightingsByAccount` reads of an event (the reader adds the id, tenant, account, type and time). */
const SIGHTING_FIELDS: readonly ActivityPayloadField[] = ['deviceId', 'userAgent'];

/**
 * One page of one tenant's chain (or its erasures on record): each account's sightings and erasures, in chain order,
 * applied to its inventory at once. Exported for the tests, which hand an erasure over again.
 */
export async function applyInventoryChanges(
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
type InventoryChange = AccountSighting | { readonly eventId: string; readonly erased: AccountErasure };

function changesByAccount(payloads: readonly ActivityRecordedPayload[]): Map<string, InventoryChange[]> {
  const byAccount = new Map<string, InventoryChange[]>();
  const add = (accountId: string, change: InventoryChange) => {
    const list = byAccount.get(accountId);
    if (list) list.push(change);
    else byAccount.set(accountId, [change]);
  };
  for (const { accountId, type, deviceId, userAgent, occurredAt, eventId, sequence } of payloads) {
    const at = new Date(occurredAt);
    const position = sequence === undefined ? {} : { sequence };
    if (type === VIGIL_EVENT_TYPES.accountErased) {
      // The chain reader always gives the position; the time is the fallback for devices kept without one.
      add(accountId, { eventId, erased: { erasedAt: at, ...position } });
      continue;
    }
    if (!deviceId) continue;
    if (Number.isNaN(at.getTime())) continue;
    add(accountId, { eventId, deviceId, seenAt: at, ...position, ...(userAgent ? { userAgent } : {}) });
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
    // The same fold as one change at a time, in chain order. An erasure forgets only what was sighted up to its
    // position (ADR 152): a page handed over again, or an erasure on record handed over after later sightings, leaves
    // the inventory as it was.
    const knownDevices = changes.reduce<InventoryDevice[]>(
      (devices, change) =>
        'erased' in change
          ? forgetSightedDevices(devices, change.erased)
          : recordDeviceSighting(devices, {
              deviceId: change.deviceId,
              ...(change.userAgent ? { userAgent: change.userAgent } : {}),
              seenAt: change.seenAt,
              ...(change.sequence === undefined ? {} : { sequence: change.sequence }),
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
