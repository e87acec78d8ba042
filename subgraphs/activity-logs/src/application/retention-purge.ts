/**
 * The retention purge: per tenant and category, events older than the period are reduced to tombstones
 * (link fields only: tenant, sequence, prevHash, hash), skipping accounts under legal hold and doing
 * nothing under a tenant-wide hold. What was purged is recorded as a `system.retention.purged` event.
 * Tombstones at the start of the chain are then deleted up to the newest signed checkpoint they reach,
 * which becomes the anchor verification starts from.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { expiryCutoff, purgeScope } from '../domain/retention.js';
import { ACTIVITY_CATEGORIES, EventTaxonomy, VIGIL_EVENT_TYPES, type ActivityCategory } from '@vigil/core';
import { ERASED_FIELDS } from './event-erasure.js';
import type { ActivityModels } from './ports.js';
import type { ActivityRecorder } from './activity-recorder.js';
import type { CheckpointService } from './checkpoints.js';
import type { RetentionSettings } from './retention-settings.js';
import { VIGIL_RECORDERS } from './vigil-recorders.js';

export const PURGE_EVENT_TYPE = VIGIL_EVENT_TYPES.retentionPurged;
/** System events that concern the tenant rather than one customer account carry this account id. */
export const SYSTEM_ACCOUNT_ID = 'vigil:system';

const CONTENT_FIELDS = [
  'accountId',
  'type',
  'category',
  'outcome',
  'occurredAt',
  'recordedAt',
  'actor',
  'idempotencyKey',
  'device',
  'firstSeenDevice',
  'firstSeenCountry',
  'piiCommitment',
  'recordedBy',
  // Every personal value, kept in one list with the erasure's so a new one cannot be left out of either.
  ...ERASED_FIELDS,
  'erasedAt',
  'review',
] as const;

export interface PurgeReport {
  readonly tenantId: string;
  readonly purgeRunId: string;
  /** True when a tenant-wide legal hold stopped the purge. */
  readonly blockedByLegalHold: boolean;
  readonly purgedCount: number;
  readonly purgedByCategory: readonly { category: ActivityCategory; count: number }[];
  /** Tombstones deleted from the start of the chain (now anchored at a checkpoint). */
  readonly compactedCount: number;
  readonly anchoredAtCheckpoint?: number;
  readonly purgeEventId?: string;
}

export class RetentionPurgeService {
  constructor(
    private readonly models: ActivityModels,
    private readonly retention: RetentionSettings,
    private readonly checkpoints: CheckpointService,
    private readonly recorder: ActivityRecorder,
    private readonly logger: Logger,
  ) {}

  async purgeAllTenants(now = new Date()): Promise<PurgeReport[]> {
    const tenants = await this.models.events.distinct('tenantId').exec();
    const reports: PurgeReport[] = [];
    for (const tenantId of tenants) reports.push(await this.purgeTenant(tenantId, now));
    return reports;
  }

  async purgeTenant(tenantId: string, now = new Date()): Promise<PurgeReport> {
    const purgeRunId = randomUUID();
    // One read of the tenant's settings: its holds decide the scope, its policy the cut-offs.
    const { policy, legalHolds } = await this.retention.retention(tenantId);
    const scope = purgeScope(legalHolds);
    if (scope.blocked) {
      this.logger.info({ tenantId }, 'retention purge skipped: tenant-wide legal hold');
      return { tenantId, purgeRunId, blockedByLegalHold: true, purgedCount: 0, purgedByCategory: [], compactedCount: 0 };
    }
    const purgedByCategory: { category: ActivityCategory; count: number }[] = [];
    const unset = Object.fromEntries(CONTENT_FIELDS.map((field) => [field, 1]));
    const cutoffs = new Map(ACTIVITY_CATEGORIES.map((category) => [category, expiryCutoff(policy, category, now)]));
    for (const category of ACTIVITY_CATEGORIES) {
      const result = await this.models.events.updateMany(
        {
          tenantId,
          category,
          occurredAt: { $lt: cutoffs.get(category)! },
          purgedAt: { $exists: false },
          ...(scope.heldAccountIds.length > 0 ? { accountId: { $nin: [...scope.heldAccountIds] } } : {}),
        },
        { $unset: unset, $set: { purgedAt: now, purgeRunId } },
      );
      if (result.modifiedCount > 0) purgedByCategory.push({ category, count: result.modifiedCount });
    }
    const purgedCount = purgedByCategory.reduce((sum, entry) => sum + entry.count, 0);
    let purgeEventId: string | undefined;
    if (purgedCount > 0) {
      const definition = new EventTaxonomy().resolve(PURGE_EVENT_TYPE, 'VIGIL');
      if (!definition.ok) throw new Error(definition.message);
      const [recorded] = await this.recorder.recordValid(
        tenantId,
        [
          {
            accountId: SYSTEM_ACCOUNT_ID,
            definition: definition.definition,
            occurredAt: now,
            outcome: 'SUCCESS',
            actor: { type: 'SYSTEM' },
            idempotencyKey: `purge:${purgeRunId}`,
            metadata: {
              purgeRunId,
              purgedCount,
              ...Object.fromEntries(purgedByCategory.map((entry) => [`purged_${entry.category.toLowerCase()}`, entry.count])),
              // Every category's cut-off: copies of the tenant's events outside this log (alerts' detection history)
              // are dropped by the same policy when they read this record (ADR 134).
              ...Object.fromEntries(
                [...cutoffs].map(([category, cutoff]) => [`cutoff_${category.toLowerCase()}`, cutoff.toISOString()]),
              ),
            },
          },
        ],
        VIGIL_RECORDERS.retentionPurge,
      );
      purgeEventId = recorded!.event.id;
      // Sign the head that includes the purge record, so a later compaction has an anchor.
      await this.checkpoints.checkpointHead(tenantId);
    }
    const compaction = await this.compact(tenantId);
    this.logger.info({ tenantId, purgeRunId, purgedCount, compacted: compaction.count }, 'retention purge finished');
    return {
      tenantId,
      purgeRunId,
      blockedByLegalHold: false,
      purgedCount,
      purgedByCategory,
      compactedCount: compaction.count,
      ...(compaction.anchor !== undefined ? { anchoredAtCheckpoint: compaction.anchor } : {}),
      ...(purgeEventId ? { purgeEventId } : {}),
    };
  }

  /** Deletes the leading run of tombstones up to the newest signed checkpoint inside that run. */
  private async compact(tenantId: string): Promise<{ count: number; anchor?: number }> {
    const firstLive = await this.models.events
      .findOne({ tenantId, purgedAt: { $exists: false } }, { sequence: 1 })
      .sort({ sequence: 1 })
      .lean()
      .exec();
    if (!firstLive || firstLive.sequence <= 1) return { count: 0 };
    const anchor = await this.checkpoints.anchorAtOrBelow(tenantId, firstLive.sequence - 1);
    if (!anchor) return { count: 0 };
    const deleted = await this.models.events.deleteMany({
      tenantId,
      sequence: { $lte: anchor.sequence },
      purgedAt: { $exists: true },
    });
    return { count: deleted.deletedCount, anchor: anchor.sequence };
  }
}
