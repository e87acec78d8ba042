/**
 * A window read returns every field the rules may look at, as recorded: the reads name the fields they fetch
 * (ADR 111), so a stored field left out of that list would silently reach the rules as absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectionEventModel } from '../src/adapters/mongo/detection-event.model.js';
import type { MongoDetectionHistory } from '../src/adapters/mongo/mongo-detection-history.js';
import { mongoDetectionHistory } from './support/detection-history.js';
import type { DetectionEvent } from '../src/domain/detection-event.js';
import { GroupedWindowReads } from '../src/domain/grouped-window-reads.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';

const AT = new Date('2026-03-02T09:00:00.000Z');
const RANGE = { since: new Date(AT.getTime() - 60_000), until: AT };

/** Every field a stored detection event has (the chain's `requestEventId` is not stored). */
const FULL: DetectionEvent = {
  eventId: 'e-full',
  tenantId: 't-fields',
  accountId: 'a-fields',
  type: 'user.authentication.failed',
  kinds: ['LOGIN_FAILED', 'LOGIN_SUCCEEDED'],
  outcome: 'FAILURE',
  occurredAt: AT,
  ip: '198.51.100.7',
  deviceId: 'device-1',
  country: 'NL',
  lat: 52.37,
  lon: 4.89,
  firstSeenDevice: true,
  changedFields: ['email'],
  caseId: 'case-1',
  amount: 12.5,
  scopes: ['read:mail'],
  appName: 'mailer',
  sequence: 42,
  hash: 'ab'.repeat(32),
};

/** An event with none of the optional fields: read back, it must hold none of them either. */
const BARE: DetectionEvent = {
  eventId: 'e-other',
  tenantId: 't-fields',
  accountId: 'a-other',
  type: 'user.authentication.failed',
  kinds: ['LOGIN_FAILED'],
  outcome: 'FAILURE',
  occurredAt: AT,
};

describe('window reads', () => {
  let testDb: TestDb | undefined;
  let history: MongoDetectionHistory;

  beforeAll(async () => {
    testDb = await startTestDb('window-read-fields');
    const { connection } = testDb.db;
    const events = detectionEventModel(connection);
    await events.createIndexes();
    history = mongoDetectionHistory(connection);
    await history.record([FULL, BARE]);
  });
  afterAll(async () => {
    await testDb?.stop();
  });

  it('return every stored field of an event, per account, per IP and grouped', async () => {
    const query = { tenantId: FULL.tenantId, kind: 'LOGIN_FAILED' as const, ...RANGE };
    expect(await history.events({ ...query, accountId: FULL.accountId })).toEqual([FULL]);
    expect(await history.events({ ...query, ip: FULL.ip })).toEqual([FULL]);
    expect(await history.events({ ...query, accountIds: [FULL.accountId] })).toEqual([FULL]);
    const grouped = new GroupedWindowReads(history);
    const [mine, other] = await Promise.all([
      grouped.events({ ...query, accountId: FULL.accountId }),
      grouped.events({ ...query, accountId: 'a-other' }),
    ]);
    expect(mine).toEqual([FULL]);
    expect(other.map((event) => event.eventId)).toEqual(['e-other']);
  });

  it('return an event without its optional fields as recorded, none of them set', async () => {
    const [other] = await history.events({ tenantId: 't-fields', kind: 'LOGIN_FAILED', ...RANGE, accountId: 'a-other' });
    expect(other).toEqual(BARE);
  });
});
