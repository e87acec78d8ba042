import { TOPICS, type AlertEscalatedPayload, type AlertRaisedPayload, type EventBus, type VigilPubSub } from '@vigil/core';
import type { AlertRecord } from '../mongo/alert.model.js';

/** GraphQL PubSub routing keys of the live alert subscriptions. */
export const ALERT_RAISED = 'ALERT_RAISED';
export const ALERT_UPDATED = 'ALERT_UPDATED';

/**
 * The alert as it travels through the PubSub: plain JSON (Redis pub/sub serialises it), dates as ISO
 * strings. Subscribers revive it with `reviveAlert`.
 */
export type PublishedAlert = Omit<
  AlertRecord,
  | 'detectedAt'
  | 'raisedAt'
  | 'lastSeenAt'
  | 'acknowledgedAt'
  | 'closedAt'
  | 'publishedAt'
  | 'notificationsQueuedAt'
  | 'history'
  | 'comments'
> & {
  comments?: (Omit<AlertRecord['comments'][number], 'at'> & { at: string })[];
  detectedAt: string;
  raisedAt: string;
  lastSeenAt: string;
  acknowledgedAt?: string;
  closedAt?: string;
  history: (Omit<AlertRecord['history'][number], 'at'> & { at: string })[];
};

export function publishable(record: AlertRecord): PublishedAlert {
  return JSON.parse(JSON.stringify({ ...record, publishedAt: undefined, notificationsQueuedAt: undefined })) as PublishedAlert;
}

export function reviveAlert(published: PublishedAlert): AlertRecord {
  const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));
  return {
    ...published,
    detectedAt: new Date(published.detectedAt),
    raisedAt: new Date(published.raisedAt),
    lastSeenAt: new Date(published.lastSeenAt),
    acknowledgedAt: date(published.acknowledgedAt),
    closedAt: date(published.closedAt),
    history: published.history.map((change) => ({ ...change, at: new Date(change.at) })),
    comments: (published.comments ?? []).map((comment) => ({ ...comment, at: new Date(comment.at) })),
  };
}

/** Tells live subscribers (PubSub) and the other subgraphs (EventBus) about a raised or changed alert. */
export class AlertAnnouncer {
  constructor(
    private readonly pubsub: VigilPubSub,
    private readonly bus: EventBus,
  ) {}

  async raised(alert: AlertRecord): Promise<void> {
    this.pubsub.publish(ALERT_RAISED, publishable(alert));
    await this.bus.publish<AlertRaisedPayload>(TOPICS.alertRaised, busPayload(alert), { dedupeKey: `raised:${alert._id}` });
  }

  async updated(alert: AlertRecord): Promise<void> {
    this.pubsub.publish(ALERT_UPDATED, publishable(alert));
    await this.bus.publish<AlertRaisedPayload>(TOPICS.alertUpdated, busPayload(alert), {
      dedupeKey: `updated:${alert._id}:${alert.history.length}`,
    });
  }

  /** Asks recovery-cases (over the bus) to open the case the escalated alert cites. */
  async escalated(alert: AlertRecord, reason: string, by: string): Promise<void> {
    if (alert.accountId === undefined || alert.caseId === undefined) return;
    await this.bus.publish<AlertEscalatedPayload>(
      TOPICS.alertEscalated,
      {
        alertId: alert._id,
        tenantId: alert.tenantId,
        accountId: alert.accountId,
        caseId: alert.caseId,
        ruleId: alert.ruleId,
        severity: alert.severity,
        reason,
        escalatedBy: by,
        escalatedAt: (alert.closedAt ?? new Date()).toISOString(),
      },
      { dedupeKey: `escalated:${alert._id}:${alert.caseId}` },
    );
  }

  /** Assignment or a comment: walls refresh the alert; `key` makes each change its own bus message. */
  async changed(alert: AlertRecord, key: string): Promise<void> {
    this.pubsub.publish(ALERT_UPDATED, publishable(alert));
    await this.bus.publish<AlertRaisedPayload>(TOPICS.alertUpdated, busPayload(alert), {
      dedupeKey: `changed:${alert._id}:${key}`,
    });
  }

  /** The open alert grew (accounts, count, severity): walls and the bus hear it, once per new state. */
  async grown(alert: AlertRecord): Promise<void> {
    this.pubsub.publish(ALERT_UPDATED, publishable(alert));
    await this.bus.publish<AlertRaisedPayload>(TOPICS.alertUpdated, busPayload(alert), {
      dedupeKey: `grown:${alert._id}:${alert.relatedAccountIds.length}:${alert.magnitude}:${alert.severity}`,
    });
  }
}

function busPayload(alert: AlertRecord): AlertRaisedPayload {
  return {
    alertId: alert._id,
    tenantId: alert.tenantId,
    accountId: alert.accountId,
    ruleId: alert.ruleId,
    severity: alert.severity,
    status: alert.status,
    raisedAt: alert.raisedAt.toISOString(),
  };
}
