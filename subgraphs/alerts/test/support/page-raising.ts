/** What the page-raising tests share (ADR 114, ADR 116): detections, a raiser on a test database, what it announced. */
import type { MongoHandle } from '@vigil/core';
import pino from 'pino';
import { alertModel, type AlertModel, type AlertRecord } from '../../src/adapters/mongo/alert.model.js';
import { alertSuppressionModel } from '../../src/adapters/mongo/alert-suppression.model.js';
import { AlertRaiser, type RaiseOutcome } from '../../src/application/alert-raiser.js';
import type { AlertAnnouncer } from '../../src/application/ports.js';
import type { Detection } from '../../src/domain/finding.js';

export const BASE = Date.parse('2026-11-30T08:00:00.000Z');
export const MINUTE = 60_000;
export const silent = pino({ level: 'silent' });

export interface Heard {
  raised: string[];
  grown: string[];
}

export function recordingAnnouncer(heard: Heard, onRaised?: (alert: AlertRecord) => Promise<void>): AlertAnnouncer {
  return {
    raised: async (alert) => {
      heard.raised.push(alert._id);
      await onRaised?.(alert);
    },
    grown: async (alert) => void heard.grown.push(alert._id),
    updated: async () => undefined,
    escalated: async () => undefined,
    changed: async () => undefined,
  };
}

export function raiserOn(db: MongoHandle, announcer: AlertAnnouncer, queued: string[] = []): AlertRaiser {
  const evidence = async (_tenantId: string, ids: readonly string[]) =>
    ids.map((eventId) => ({ eventId, sequence: Number(eventId.split('-').at(-1)), hash: `h-${eventId}` }));
  return new AlertRaiser(
    alertModel(db.connection),
    alertSuppressionModel(db.connection),
    announcer,
    async (alerts) => void queued.push(...alerts.map((alert) => alert._id)),
    evidence,
    silent,
    () => new Date(BASE),
  );
}

/** A brute-force style detection on `account` (its key), the `n`-th event of the run. */
export function detection(account: string, n: number, options: Partial<Detection> = {}): Detection {
  const magnitude = options.magnitude ?? 5 + (n % 7);
  return {
    tenantId: 'demo',
    ruleId: 'brute-force',
    mode: 'ALERT',
    severity: 'MEDIUM',
    accountId: account,
    relatedAccountIds: [account],
    groupKey: account,
    suppressionKey: `demo:brute-force:${account}`,
    suppressionMinutes: 30,
    detectedAt: new Date(BASE + n * 1000),
    triggerEventId: `e-${n}`,
    triggerEventIds: [`e-${n}`],
    magnitude,
    reasons: {
      ruleId: 'brute-force',
      ruleName: 'Brute force',
      thresholds: { failures: 5 },
      values: { failures: magnitude },
      evidenceEventIds: [`e-${n - 1}`, `e-${n}`],
      explanation: `${magnitude} failed logins.`,
    },
    ...options,
  };
}

/** What an alert holds, with the arrays as sets and without what the clock or the announcement pace decides. */
export function comparable(alert: AlertRecord): object {
  const { raisedAt: _r, publishedAt, notificationsQueuedAt, announcedMagnitude: _a, ...rest } = alert;
  return {
    ...rest,
    published: publishedAt !== undefined,
    queued: notificationsQueuedAt !== undefined,
    triggerEventIds: [...alert.triggerEventIds].sort(),
    relatedAccountIds: [...alert.relatedAccountIds].sort(),
    reasons: { ...alert.reasons, evidenceEventIds: [...alert.reasons.evidenceEventIds].sort() },
    evidence: [...alert.evidence].sort((a, b) => a.eventId.localeCompare(b.eventId)),
  };
}

export const idOf = (outcome: RaiseOutcome) =>
  `${outcome.kind}:${outcome.kind === 'raised' ? outcome.alert._id : outcome.alertId}`;

/** Empties the alerts and suppression windows of each model's database. */
export async function resetRaising(...models: AlertModel[]): Promise<void> {
  for (const alerts of models) {
    await alerts.deleteMany({});
    await alertSuppressionModel(alerts.db).deleteMany({});
  }
}
