/**
 * ADR 132: when activity-logs records an account's erasure, the device inventory forgets the devices it learned from
 * the erased activity (ids and user agents); devices enrolled as trusted stay, and later sightings are kept.
 */
import { MongoActivityChainReader, VIGIL_EVENT_TYPES, type ActivityRecordedPayload } from '@vigil/core';
import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { createAccountsModels, DEMO_SEED } from '@vigil/accounts';
import { applyInventoryChanges } from '../src/adapters/events/device-inventory-consumer.js';
import { as, announcedActivity, recordInChain, startAccounts } from './harness.js';

const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36';

const erasure = (eventId: string, accountId: string) =>
  announcedActivity({ eventId, accountId, type: VIGIL_EVENT_TYPES.accountErased, category: 'SYSTEM', actor: { type: 'SYSTEM' } });

describe('device inventory after an account erasure', () => {
  const subgraph = perSuite(startAccounts);

  const record = (...page: ActivityRecordedPayload[]) => recordInChain(subgraph(), ...page);

  async function devicesOf(accountId: string): Promise<{ deviceId: string; userAgent: string | null; trusted: boolean }[]> {
    const { data, errors } = await subgraph().call<{
      account: { knownDevices: { deviceId: string; userAgent: string | null; trusted: boolean }[] };
    }>(as(['ADMIN']), `{ account(id: "${accountId}") { knownDevices { deviceId userAgent trusted } } }`);
    expect(errors).toBeUndefined();
    return data!.account.knownDevices;
  }

  it('forgets the devices sighted before the erasure, keeps trusted ones and later sightings', async () => {
    const account = DEMO_SEED.accounts.priya;
    await record(announcedActivity({ eventId: 'er-1', accountId: account, deviceId: 'priya-erased-phone', userAgent: ANDROID }));
    await record(announcedActivity({ eventId: 'er-2', accountId: DEMO_SEED.accounts.jordan, deviceId: 'jordan-phone' }));
    expect((await devicesOf(account)).map((device) => device.deviceId)).toContain('priya-erased-phone');

    // One page: a sighting, the erasure, then a sighting after it.
    await record(
      announcedActivity({ eventId: 'er-3', accountId: account, deviceId: 'priya-erased-tablet' }),
      erasure('er-4', account),
      announcedActivity({ eventId: 'er-5', accountId: account, deviceId: 'priya-after-erasure' }),
    );

    const devices = await devicesOf(account);
    expect(JSON.stringify(devices)).not.toContain('priya-erased');
    expect(JSON.stringify(devices)).not.toContain('Pixel 8');
    expect(devices.map((device) => device.deviceId).sort()).toEqual([`${account}-laptop`, 'priya-after-erasure']);
    expect(devices.find((device) => device.deviceId === `${account}-laptop`)?.trusted).toBe(true);
    expect((await devicesOf(DEMO_SEED.accounts.jordan)).map((device) => device.deviceId)).toContain('jordan-phone');
  });

  it('keeps a device sighted after the erasure when the erasure is handed over again, and brings nothing back (ADR 152)', async () => {
    const account = DEMO_SEED.accounts.sam;
    await record(announcedActivity({ eventId: 'again-1', accountId: account, deviceId: 'sam-erased-phone', userAgent: ANDROID }));
    await record(erasure('again-2', account));
    await record(announcedActivity({ eventId: 'again-3', accountId: account, deviceId: 'sam-phone-after-erasure' }));
    expect((await devicesOf(account)).map((device) => device.deviceId).sort()).toEqual([
      `${account}-laptop`,
      'sam-phone-after-erasure',
    ]);

    // The erasure record as the chain holds it (with its position), handed to the inventory again on its own: what a
    // redelivery or the pass over erasures on record (ADR 147) does, after the later sighting was applied.
    const chain = new MongoActivityChainReader(subgraph().db.connection);
    const entries = await chain.readAfter('demo', 0, 1_000);
    const records = entries.flatMap(({ payload }) => (payload?.eventId === 'again-2' ? [payload] : []));
    expect(records).toHaveLength(1);
    await applyInventoryChanges(records, createAccountsModels(subgraph().db.connection), subgraph().logger);

    const devices = await devicesOf(account);
    expect(devices.map((device) => device.deviceId).sort()).toEqual([`${account}-laptop`, 'sam-phone-after-erasure']);
    expect(JSON.stringify(devices)).not.toContain('Pixel 8');
  });
});
