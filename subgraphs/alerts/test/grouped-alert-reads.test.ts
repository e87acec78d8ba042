/**
 * ADR 115: a page's success-after-attack reads (`recentAlerts`, one per successful login) grouped into one store read
 * answer every query exactly as its own read does, on random alerts (spray alerts relating to many accounts among
 * them), and the page's reads of `alerts` shrink to one.
 */
import type { MongoHandle } from '@vigil/core';
import { prng } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertModel, type AlertModel } from '../src/adapters/mongo/alert.model.js';
import type { MongoDetectionHistory } from '../src/adapters/mongo/mongo-detection-history.js';
import { mongoDetectionHistory } from './support/detection-history.js';
import type { RecentAlertQuery, RecentAlertRef } from '../src/domain/detection-history.js';
import { GroupedAlertReads } from '../src/domain/grouped-alert-reads.js';
import { RULE_IDS } from '../src/domain/rule-catalog.js';
import { CREDENTIAL_ATTACK_RULES } from '../src/domain/rules/success-after-attack.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';

const MINUTE = 60_000;
const BASE = Date.parse('2026-03-02T09:00:00.000Z');
const TENANTS = ['t-1', 't-2'];
const ACCOUNTS = Array.from({ length: 12 }, (_, index) => `a-${index}`);

const byId = (a: RecentAlertRef, b: RecentAlertRef) => (a.alertId < b.alertId ? -1 : a.alertId > b.alertId ? 1 : 0);

describe('grouped alert reads', () => {
  let testDb: TestDb | undefined;
  let db: MongoHandle;
  let alerts: AlertModel;
  let store: MongoDetectionHistory;

  beforeAll(async () => {
    testDb = await startTestDb('grouped-alert-reads', { monitorCommands: true });
    db = testDb.db;
    alerts = alertModel(db.connection);
    await alerts.createIndexes();
    store = mongoDetectionHistory(db.connection);
  });
  afterAll(async () => {
    await testDb?.stop();
  });

  it('answers every query of a turn as its own read does, in one store read per tenant and rules', async () => {
    let compared = 0;
    for (let seed = 1; seed <= 8; seed += 1) {
      await alerts.deleteMany({});
      const random = prng(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
      // Few distinct times, so ties on detectedAt are common.
      const time = () => new Date(BASE + Math.floor(random() * 12) * 15 * MINUTE);
      await alerts.collection.insertMany(
        Array.from({ length: 10 + Math.floor(random() * 40) }, (_, index) => ({
          _id: `alert-${seed}-${index}` as unknown as never,
          tenantId: pick(TENANTS),
          ruleId: random() < 0.7 ? pick(CREDENTIAL_ATTACK_RULES) : pick(RULE_IDS),
          // A spray relates to many accounts; most alerts to one or two.
          relatedAccountIds: random() < 0.2 ? ACCOUNTS.filter(() => random() < 0.7) : [pick(ACCOUNTS), pick(ACCOUNTS)],
          detectedAt: time(),
        })),
      );
      const queries: RecentAlertQuery[] = Array.from({ length: 2 + Math.floor(random() * 25) }, () => {
        const until = time();
        return {
          tenantId: pick(TENANTS),
          accountId: pick(ACCOUNTS),
          ruleIds: random() < 0.85 ? CREDENTIAL_ATTACK_RULES : ['brute-force'],
          since: new Date(until.getTime() - Math.floor(random() * 8) * 30 * MINUTE),
          until,
        };
      });
      const expected = await Promise.all(queries.map((query) => store.recentAlerts(query)));
      db.commands.reset();
      const grouped = new GroupedAlertReads(store);
      const answers = await Promise.all(queries.map((query) => grouped.recentAlerts(query)));
      queries.forEach((query, index) => {
        expect([...answers[index]!].sort(byId), JSON.stringify(query)).toEqual([...expected[index]!].sort(byId));
        compared += 1;
      });
      const groups = new Set(queries.map((query) => JSON.stringify([query.tenantId, [...query.ruleIds].sort()]))).size;
      expect(db.commands.count('aggregate', 'alerts') + db.commands.count('find', 'alerts')).toBe(groups);
    }
    expect(compared).toBeGreaterThan(50);
  });
});
