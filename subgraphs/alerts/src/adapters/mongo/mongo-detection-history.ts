import { randomUUID } from 'node:crypto';
import { isOnlyDuplicateKeys } from '@vigil/core';
import type { ActivityCategory } from '@vigil/core/domain';
import { ERASED_DETECTION_FIELDS } from '../../domain/account-erasure.js';
import { categoryOfType } from '../../domain/retention-purge.js';
import type { DetectionEvent } from '../../domain/detection-event.js';
import {
  evidenceRef,
  type AccountsAlertQuery,
  type AccountsAlertRef,
  type HistoryQuery,
  type RecentAlertQuery,
  type RecentAlertRef,
} from '../../domain/detection-history.js';
import type { AlertModel, EvidenceRefRecord } from './alert.model.js';
import type { RuleId } from '../../domain/rule-catalog.js';
import type { DetectionRecordingModel, DetectionRecordingRecord } from './detection-recording.model.js';
import type { CountedHistory, CountedRecording, RecordingCount } from '../../domain/counted-history.js';
import { leanRecord } from './lean-record.js';
import { driverCollection } from './driver-collection.js';
import { WINDOW_FIELDS } from './window-fields.js';
import { accountWindowKey, ipWindowKey, type DetectionEventModel, type DetectionEventRecord } from './detection-event.model.js';

/** A detection event's stored fields without the window keys. */
type StoredFields = Omit<DetectionEventRecord, 'accountKeys' | 'ipKeys'>;

/** Rule windows kept in MongoDB: shared by every instance, surviving restarts (read through WindowCache, ADR 115). */
export class MongoDetectionHistory implements CountedHistory {
  constructor(
    private readonly events_: DetectionEventModel,
    private readonly alerts: AlertModel,
    private readonly recordings: DetectionRecordingModel,
  ) {}

  async countRecording(tenantId: string, newestEventAt?: Date): Promise<CountedRecording> {
    // The watermark rides on the count's write (ADR 162): one command on the alert's path instead of two, and the
    // watermark moves only once the page's events are stored (the count follows the insert).
    const counted = await driverCollection<DetectionRecordingRecord>(this.recordings).findOneAndUpdate(
      { _id: tenantId },
      {
        $inc: { count: 1 },
        $setOnInsert: { epoch: randomUUID() },
        ...(newestEventAt !== undefined ? { $max: { newestEventAt } } : {}),
      },
      { upsert: true, returnDocument: 'after' },
    );
    if (counted === null) throw new Error('the recording count was not returned');
    return { epoch: counted.epoch, count: counted.count, newestEventAt: counted.newestEventAt ?? undefined };
  }

  async recordingCount(tenantId: string): Promise<RecordingCount | undefined> {
    const counted = await this.recordings.findById(tenantId).lean();
    return counted === null ? undefined : { epoch: counted.epoch, count: counted.count };
  }

  asRead(event: DetectionEvent): DetectionEvent {
    return toDetectionEvent(storedFieldsOf(event));
  }

  /** The watermark alone (no window cache: nothing counts the recording); kept where the count keeps it (ADR 162). */
  async advanceWatermark(tenantId: string, occurredAt: Date): Promise<Date> {
    const updated = await driverCollection<DetectionRecordingRecord>(this.recordings).findOneAndUpdate(
      { _id: tenantId },
      { $max: { newestEventAt: occurredAt }, $setOnInsert: { epoch: randomUUID(), count: 0 } },
      { upsert: true, returnDocument: 'after' },
    );
    return updated?.newestEventAt ?? occurredAt;
  }

  async record(events: readonly DetectionEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      // Unordered: a redelivered event (duplicate key) does not stop the batch's other events. The driver's insert:
      // records built right here (recordOf), so mongoose's insert would only cost CPU on the alert's path (ADR 157).
      await driverCollection<DetectionEventRecord>(this.events_).insertMany(events.map(recordOf), { ordered: false });
    } catch (error) {
      // The same events again (redelivery): already counted. Anything else is a real failure.
      if (!isOnlyDuplicateKeys(error)) throw error;
    }
  }

  async events(query: HistoryQuery): Promise<DetectionEvent[]> {
    const filter: Record<string, unknown> = { occurredAt: { $gte: query.since, $lte: query.until } };
    if (query.accountId !== undefined) {
      filter.accountKeys = accountWindowKey(query.tenantId, query.accountId, query.kind);
      if (query.ip !== undefined) filter.ip = query.ip;
    } else if (query.accountIds !== undefined) {
      filter.accountKeys = { $in: query.accountIds.map((accountId) => accountWindowKey(query.tenantId, accountId, query.kind)) };
    } else if (query.ip !== undefined) {
      filter.ipKeys = ipWindowKey(query.tenantId, query.ip, query.kind);
    } else if (query.ips !== undefined) {
      filter.ipKeys = { $in: query.ips.map((ip) => ipWindowKey(query.tenantId, ip, query.kind)) };
    } else {
      throw new Error('detection history queries are per account or per IP');
    }
    if (query.caseId !== undefined) filter.caseId = query.caseId;
    // The driver's find, as every command on the alert's way here (ADR 157): values as stored, nothing to cast.
    const records = await driverCollection<DetectionEventRecord>(this.events_)
      .find(filter, {
        projection: WINDOW_FIELDS,
        sort: { occurredAt: -1, eventId: -1 },
        ...(query.limit !== undefined ? { limit: query.limit } : {}),
      })
      .toArray();
    return records.reverse().map(toDetectionEvent);
  }

  async recentAlerts(query: RecentAlertQuery): Promise<RecentAlertRef[]> {
    const records = await this.alerts
      .find(
        {
          tenantId: query.tenantId,
          relatedAccountIds: query.accountId,
          ruleId: { $in: [...query.ruleIds] },
          detectedAt: { $gte: query.since, $lte: query.until },
        },
        { _id: 1, ruleId: 1, detectedAt: 1 },
      )
      .lean();
    return records.map((record) => ({ alertId: record._id, ruleId: record.ruleId, detectedAt: record.detectedAt }));
  }

  async recentAlertsOfAccounts(query: AccountsAlertQuery): Promise<AccountsAlertRef[]> {
    const accountIds = [...new Set(query.accountIds)];
    // Only the query's accounts come back: a spray alert relates to thousands.
    const records = await this.alerts.aggregate<{ _id: string; ruleId: RuleId; detectedAt: Date; related: string[] }>([
      {
        $match: {
          tenantId: query.tenantId,
          relatedAccountIds: { $in: accountIds },
          ruleId: { $in: [...query.ruleIds] },
          detectedAt: { $gte: query.since, $lte: query.until },
        },
      },
      {
        $project: {
          ruleId: 1,
          detectedAt: 1,
          related: { $filter: { input: '$relatedAccountIds', cond: { $in: ['$$this', accountIds] } } },
        },
      },
    ]);
    return records.map((record) => ({
      alertId: record._id,
      ruleId: record.ruleId,
      detectedAt: record.detectedAt,
      relatedAccountIds: record.related,
    }));
  }

  /** Chain position and hash of evidence events, in the order given (ids without a recorded position keep just the id). */
  async evidence(tenantId: string, eventIds: readonly string[]): Promise<EvidenceRefRecord[]> {
    if (eventIds.length === 0) return [];
    const records = await this.events_
      .find({ tenantId, eventId: { $in: [...new Set(eventIds)] } }, { eventId: 1, sequence: 1, hash: 1 })
      .lean<Pick<DetectionEventRecord, 'eventId' | 'sequence' | 'hash'>[]>();
    const byId = new Map(records.map((record) => [record.eventId, record]));
    return eventIds.map((eventId) => evidenceRef(eventId, byId.get(eventId) ?? undefined));
  }

  /**
   * Forgets the erased account's personal data (ADR 132); its per-IP window keys go too, as they embed the IP. Counted
   * as a recording, so every instance's window cache sees the history changed and reads it again.
   */
  async eraseAccount(tenantId: string, accountId: string, beforeSequence: number | undefined): Promise<number> {
    const result = await this.events_.updateMany(
      {
        tenantId,
        accountId,
        ...(beforeSequence !== undefined
          ? { $or: [{ sequence: { $lt: beforeSequence } }, { sequence: { $exists: false } }] }
          : {}),
      },
      { $unset: Object.fromEntries(ERASED_DETECTION_FIELDS.map((field) => [field, 1])), $set: { ipKeys: [] } },
    );
    await this.countRecording(tenantId);
    return result.modifiedCount;
  }

  /**
   * Drops the tenant's events older than their category's cut-off (a retention purge, ADR 134): the types stored
   * before the latest cut-off, grouped by category, then one delete per category. Counted as a recording, so every
   * instance's window cache reads the tenant again.
   */
  async purgeExpired(tenantId: string, cutoffs: ReadonlyMap<ActivityCategory, Date>): Promise<number> {
    const latest = Math.max(...[...cutoffs.values()].map((cutoff) => cutoff.getTime()));
    if (!Number.isFinite(latest)) return 0;
    const types = (await this.events_.distinct('type', { tenantId, occurredAt: { $lt: new Date(latest) } })) as string[];
    const typesByCategory = new Map<ActivityCategory, string[]>();
    for (const type of types) {
      const category = categoryOfType(type);
      if (category === undefined || !cutoffs.has(category)) continue;
      const ofCategory = typesByCategory.get(category) ?? [];
      ofCategory.push(type);
      typesByCategory.set(category, ofCategory);
    }
    let purged = 0;
    for (const [category, ofCategory] of typesByCategory) {
      const result = await this.events_.deleteMany({
        tenantId,
        type: { $in: ofCategory },
        occurredAt: { $lt: cutoffs.get(category)! },
      });
      purged += result.deletedCount;
    }
    if (purged > 0) await this.countRecording(tenantId);
    return purged;
  }

  /** Drops rule state older than `cutoff` (see RetentionSweeper). */
  async purgeBefore(cutoff: Date): Promise<number> {
    const result = await this.events_.deleteMany({ occurredAt: { $lt: cutoff } });
    return result.deletedCount;
  }
}

/** The event's own stored fields, named one by one: a lean insert stores whatever it is given (no schema in between). */
function storedFieldsOf(event: DetectionEvent): StoredFields {
  return leanRecord({
    tenantId: event.tenantId,
    eventId: event.eventId,
    accountId: event.accountId,
    type: event.type,
    outcome: event.outcome,
    occurredAt: event.occurredAt,
    ip: event.ip,
    deviceId: event.deviceId,
    country: event.country,
    lat: event.lat,
    lon: event.lon,
    firstSeenDevice: event.firstSeenDevice,
    caseId: event.caseId,
    amount: event.amount,
    appName: event.appName,
    sequence: event.sequence,
    hash: event.hash,
    kinds: [...event.kinds],
    changedFields: event.changedFields && [...event.changedFields],
    scopes: event.scopes && [...event.scopes],
  });
}

/** What is stored: the event's own fields and the window keys its reads are indexed by. */
function recordOf(event: DetectionEvent): DetectionEventRecord {
  return {
    ...storedFieldsOf(event),
    accountKeys: event.kinds.map((kind) => accountWindowKey(event.tenantId, event.accountId, kind)),
    ipKeys: event.ip === undefined ? [] : event.kinds.map((kind) => ipWindowKey(event.tenantId, event.ip as string, kind)),
  };
}

function toDetectionEvent(record: StoredFields): DetectionEvent {
  const optional = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);
  return {
    eventId: record.eventId,
    tenantId: record.tenantId,
    accountId: record.accountId,
    type: record.type,
    kinds: record.kinds,
    outcome: record.outcome as DetectionEvent['outcome'],
    occurredAt: new Date(record.occurredAt),
    ip: optional(record.ip),
    deviceId: optional(record.deviceId),
    country: optional(record.country),
    lat: optional(record.lat),
    lon: optional(record.lon),
    firstSeenDevice: optional(record.firstSeenDevice),
    changedFields: optional(record.changedFields),
    caseId: optional(record.caseId),
    amount: optional(record.amount),
    scopes: optional(record.scopes),
    appName: optional(record.appName),
    sequence: optional(record.sequence),
    hash: optional(record.hash),
  };
}
