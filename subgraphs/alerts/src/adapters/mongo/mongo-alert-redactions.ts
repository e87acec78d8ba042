import type { ActivityCategory } from '@vigil/core/domain';
import type { QueryFilter } from 'mongoose';
import { redactedFields, type RedactableAlerts, type RedactionCause } from '../../domain/alert-redaction.js';
import { RULE_IDS } from '../../domain/rule-catalog.js';
import { purgedBefore } from '../../domain/source-categories.js';
import { publishable } from '../../application/published-alert.js';
import { webhookPayload } from '../../application/notifications/delivery-rows.js';
import type { AlertModel, AlertRecord } from './alert.model.js';
import type { AlertSuppressionModel } from './alert-suppression.model.js';
import type { NotificationDeliveryModel } from './notification-delivery.model.js';
import type { NotificationJobModel } from './notification-job.model.js';

/** Alerts redacted per round trip: a purge of a busy tenant's old alerts goes in bounded pages. */
const PAGE = 500;

/**
 * The alerts subgraph's copies of an alert's personal values, redacted together (ADR 136): the alert, its
 * notification job (the alert as published) and its webhook bodies. Its suppression window goes: the key embeds the
 * values, and a detection after the erasure or purge is new processing that starts a new alert instead of growing a
 * redacted one.
 */
export class MongoAlertRedactions implements RedactableAlerts {
  constructor(
    private readonly models: {
      readonly alerts: AlertModel;
      readonly suppressions: AlertSuppressionModel;
      readonly jobs: NotificationJobModel;
      readonly deliveries: NotificationDeliveryModel;
    },
  ) {}

  redactAccount(tenantId: string, accountId: string, beforeSequence: number | undefined): Promise<number> {
    // An alert citing any event before the erasure (or one whose position is unknown) copied the erased data.
    const citesErased =
      beforeSequence === undefined
        ? {}
        : {
            $or: [
              { evidence: { $elemMatch: { sequence: { $lt: beforeSequence } } } },
              { evidence: { $elemMatch: { sequence: { $exists: false } } } },
              { evidence: { $size: 0 } },
            ],
          };
    return this.redact({ tenantId, accountId, 'redaction.cause': { $ne: 'ACCOUNT_ERASED' }, ...citesErased }, 'ACCOUNT_ERASED');
  }

  async redactPurged(tenantId: string, cutoffs: ReadonlyMap<ActivityCategory, Date>): Promise<number> {
    let redacted = 0;
    for (const ruleId of RULE_IDS) {
      // Last seen before the rule's every source was purged: each event the alert cites is gone from the log.
      const before = purgedBefore(ruleId, cutoffs);
      if (before === undefined) continue;
      redacted += await this.redact(
        { tenantId, ruleId, lastSeenAt: { $lt: before }, redaction: { $exists: false } },
        'RETENTION_PURGED',
      );
    }
    return redacted;
  }

  /** Redacts every alert `unredacted` matches, a page at a time; the redaction mark moves each out of the filter. */
  private async redact(unredacted: QueryFilter<AlertRecord>, cause: RedactionCause): Promise<number> {
    let redacted = 0;
    for (;;) {
      const page = await this.models.alerts.find(unredacted).limit(PAGE).lean<AlertRecord[]>().exec();
      if (page.length === 0) return redacted;
      const at = new Date();
      const updated = page.map((alert) => {
        const fields = redactedFields(alert, cause === 'ACCOUNT_ERASED');
        const record: AlertRecord = {
          ...alert,
          groupKey: fields.groupKey,
          suppressionKey: fields.suppressionKey,
          reasons: { ...alert.reasons, values: fields['reasons.values'], explanation: fields['reasons.explanation'] },
          comments: fields.comments ?? alert.comments,
          history: fields.history ?? alert.history,
          ...(fields.closeReason !== undefined ? { closeReason: fields.closeReason } : {}),
          redaction: { cause, at },
        };
        return { fields: { ...fields, redaction: record.redaction }, record };
      });
      const ids = page.map((alert) => alert._id);
      await this.models.alerts.bulkWrite(
        updated.map(({ fields, record }) => ({ updateOne: { filter: { _id: record._id }, update: { $set: fields } } })),
      );
      await Promise.all([
        this.models.suppressions.deleteMany({ alertId: { $in: ids } }),
        this.models.jobs.bulkWrite(
          updated.map(({ record }) => ({
            updateOne: { filter: { _id: record._id }, update: { $set: { alert: publishable(record) } } },
          })),
        ),
        this.models.deliveries.bulkWrite(
          updated.map(({ record }) => ({
            updateMany: {
              filter: { alertId: record._id, payload: { $exists: true } },
              update: { $set: { payload: webhookPayload(record) } },
            },
          })),
        ),
      ]);
      redacted += page.length;
    }
  }
}
