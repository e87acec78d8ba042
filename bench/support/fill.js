// Filling a tenant's activity chain straight into MongoDB (untimed set-up for the tenant-size phases): events in
// sequence order, one per second up to now, each linked to the previous one. The hashes are placeholders (the
// benches measure appends and pages, not verification), so `verifyActivityChain` would report these tenants.
import { Types } from 'mongoose';
import { ACTIVITY_CHAIN } from '@vigil/core';

const CHUNK = 10_000;

/**
 * Writes `count` events of `tenantId` into `activity_events` of the server `connection` talks to; `accountOf(i)`
 * names the account of the i-th event. Returns the head sequence.
 */
export async function fillChain(connection, tenantId, count, accountOf) {
  const events = connection.useDb(ACTIVITY_CHAIN.dbName, { useCache: true }).collection(ACTIVITY_CHAIN.events);
  const start = Date.now() - count * 1000;
  for (let offset = 0; offset < count; offset += CHUNK) {
    const docs = [];
    for (let i = offset; i < Math.min(count, offset + CHUNK); i += 1) {
      docs.push({
        _id: new Types.ObjectId(),
        tenantId,
        sequence: i + 1,
        prevHash: i === 0 ? '0'.repeat(64) : 'filled',
        hash: 'filled',
        accountId: accountOf(i),
        type: 'user.authentication.failed',
        category: 'FAILURE',
        outcome: 'FAILURE',
        occurredAt: new Date(start + i * 1000),
        recordedAt: new Date(start + i * 1000),
        actor: { type: 'CUSTOMER' },
        firstSeenDevice: false,
        firstSeenCountry: false,
        piiCommitment: null,
        ip: '81.2.69.142',
      });
    }
    await events.insertMany(docs, { ordered: false });
  }
  return count;
}
