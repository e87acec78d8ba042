/**
 * ADR 152: an erasure recorded in the chain while the device inventory's group had never run (offsets lost or reset,
 * a group that is new) still empties the account's inventory of the devices sighted before it once the subgraph
 * starts, although the group starts at the chain's heads, past the record; a device sighted after it stays.
 */
import { CONSUMER_OFFSETS_COLLECTION, VIGIL_EVENT_TYPES, type ActivityRecordedPayload } from '@vigil/core';
import { appendToActivityChain, perSuite, waitUntil } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { createAccountsSubgraph, DEMO_SEED } from '@vigil/accounts';
import { ACCOUNTS_CONSUMER_GROUP } from '../src/adapters/events/device-inventory-consumer.js';
import type { AccountRecord } from '../src/domain/records.js';
import { announcedActivity, recordInChain, startAccounts } from './harness.js';

const { accounts } = DEMO_SEED;

describe('an erasure recorded before the device inventory’s group first ran', () => {
  const subgraph = perSuite(startAccounts);

  const record = (...page: ActivityRecordedPayload[]) => recordInChain(subgraph(), ...page);

  const deviceIdsOf = async (accountId: string) =>
    ((await subgraph().db.connection.collection<AccountRecord>('accounts').findOne({ _id: accountId }))?.knownDevices ?? []).map(
      (device) => device.deviceId,
    );

  it('forgets the devices sighted before it once the subgraph starts, and keeps later ones and another account’s', async () => {
    await record(
      announcedActivity({ eventId: 'pre-1', accountId: accounts.jordan, deviceId: 'jordan-erased-phone' }),
      announcedActivity({ eventId: 'pre-2', accountId: accounts.priya, deviceId: 'priya-phone' }),
    );
    expect(await deviceIdsOf(accounts.jordan)).toContain('jordan-erased-phone');

    // accounts stops; while it is down the account is erased, and the inventory's group is as if it never ran (its
    // offsets lost, or a group that is new): no offsets, no pass over the records on record.
    await subgraph().server.stop();
    await appendToActivityChain(subgraph().db.connection, [
      announcedActivity({
        eventId: 'erasure-before-first-start',
        accountId: accounts.jordan,
        type: VIGIL_EVENT_TYPES.accountErased,
        category: 'SYSTEM',
        actor: { type: 'SYSTEM', id: DEMO_SEED.agents.supervisor },
      }),
    ]);
    await subgraph()
      .db.connection.collection(CONSUMER_OFFSETS_COLLECTION)
      .deleteMany({ group: { $regex: `^${ACCOUNTS_CONSUMER_GROUP}(:|$)` } });

    const { config, logger, db, bus, pubsub } = subgraph();
    const again = await createAccountsSubgraph({ config, logger, connection: db.connection, bus, pubsub });
    try {
      // A device sighted after the erasure, while the pass over the records on record may still be running.
      await record(announcedActivity({ eventId: 'post-1', accountId: accounts.jordan, deviceId: 'jordan-new-phone' }));
      await waitUntil(async () => !(await deviceIdsOf(accounts.jordan)).includes('jordan-erased-phone'), 10_000).catch(
        () => undefined,
      );
      expect((await deviceIdsOf(accounts.jordan)).sort()).toEqual([`${accounts.jordan}-laptop`, 'jordan-new-phone']);
      expect(await deviceIdsOf(accounts.priya)).toContain('priya-phone');
    } finally {
      await again.stop();
    }
  });
});
