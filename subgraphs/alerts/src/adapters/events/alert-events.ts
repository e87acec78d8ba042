import { TOPICS, type AlertEscalatedPayload, type AlertRaisedPayload, type EventBus, type VigilPubSub } from '@vigil/core';
import type { AlertRecord } from '../mongo/alert.model.js';
import { ALERT_RAISED, ALERT_UPDATED, publishable } from '../../application/published-alert.js';
import type { AlertAnnouncer } from '../../application/ports.js';

/** Tells live subscribers (PubSub) and the other subgraphs (EventBus) about a raised or changed alert. */
export class BusAlertAnnouncer implements AlertAnnouncer {
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
