/**
 * Issue 13: the account keys' per-batch read, the late-erasure count and a first-seen account's key go straight to the
 * driver instead of through mongoose. The stored key document must stay byte-for-byte what mongoose's `create` stored
 * (the same `_id`, fields, order and BSON types), and the driver's read and count must answer as before.
 */
import { randomBytes } from 'node:crypto';
import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { MongoAccountKeys } from '../src/adapters/mongo/account-key-store.js';
import { startActivityLogs } from './harness.js';

describe('account keys through the driver (issue 13)', () => {
  const h = perSuite(startActivityLogs);
  const model = () => h().subgraph.services.models.accountKeys;
  const raw = (filter: object) => model().collection.findOne(filter, { raw: true }) as Promise<Buffer | null>;

  it('stores a first-seen account key with the bytes mongoose stored', async () => {
    const t = 'akw-bytes';
    const store = new MongoAccountKeys(model());
    const created = (await store.keysFor(t, ['acct-1'], new Map())).get('acct-1')!;
    const written = await raw({ tenantId: t, accountId: 'acct-1' });
    const stored = await model().collection.findOne({ tenantId: t, accountId: 'acct-1' });
    expect(written).not.toBeNull();
    // The same document written again through mongoose, with the same `_id`, key and date.
    await model().collection.deleteOne({ tenantId: t, accountId: 'acct-1' });
    await model().create({ _id: stored!._id, tenantId: t, accountId: 'acct-1', key: created.key, createdAt: created.createdAt });
    expect(Buffer.compare(written!, (await raw({ tenantId: t, accountId: 'acct-1' }))!)).toBe(0);
  });

  it('reads the stored keys and counts only the accounts whose key is still the one given', async () => {
    const t = 'akw-read';
    const store = new MongoAccountKeys(model());
    const keys = await store.keysFor(t, ['acct-1', 'acct-2'], new Map());
    const found = await store.find(t, ['acct-1', 'acct-2', 'acct-3']);
    expect([...found.keys()].sort()).toEqual(['acct-1', 'acct-2']);
    expect(found.get('acct-1')!.key.equals(keys.get('acct-1')!.key)).toBe(true);
    expect(Buffer.isBuffer(found.get('acct-2')!.key)).toBe(true);
    const current = new Map([...keys].map(([accountId, doc]) => [accountId, doc.key]));
    expect(await store.allCurrent(t, current)).toBe(true);
    expect(await store.allCurrent(t, new Map([...current, ['acct-2', randomBytes(32)]]))).toBe(false);
    expect(await store.allCurrent('akw-other', current)).toBe(false);
  });
});
