import {
  ActivityChainConsumer,
  ConsumerOffsets,
  MongoActivityChainReader,
  type ActivityRecordedPayload,
  type BusSubscription,
  type EventBus,
} from '@vigil/core';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { isCredentialAttack, type DetectionEngine } from '../domain/detection-engine.js';
import type { Detection } from '../domain/finding.js';
import type { AlertRaiser, RaiseOutcome } from './alert-raiser.js';
import type { CaseRegistry } from './case-registry.js';

/** What detection reports to the metrics (src/metrics.ts); optional so tests and benches need none. */
export interface DetectionObserver {
  /** One well-formed activity event judged. */
  judged(): void;
  /** One detection's outcome: a new alert stored (`raised`) or joined to the one holding its window. */
  raised(ruleId: string, outcome: RaiseOutcome): void;
}

/** Consumer group of the alerts subgraph on `activity.recorded`: its offsets in `consumer_offsets`, its bus group. */
export const DETECTION_GROUP = 'alerts-detection';

/**
 * Activity chain → detection → alerts. The events come from each tenant's activity chain, from the offset
 * this group saved in the alerts database (`ActivityChainConsumer`): after a crash detection resumes where
 * it durably left off, and the bus only wakes it up. Idempotent end to end (history insert by event id,
 * alert id derived from the triggering event, suppression claim), so an event handed over again after a
 * crash never doubles an alert. A handler error stops the tenant at that event until it succeeds.
 */
export class DetectionConsumer {
  private follower: ActivityChainConsumer | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly connection: Connection,
    private readonly engine: DetectionEngine,
    private readonly raiser: AlertRaiser,
    private readonly cases: CaseRegistry,
    private readonly logger: Logger,
    private readonly observer?: DetectionObserver,
  ) {}

  async start(): Promise<BusSubscription> {
    const follower = new ActivityChainConsumer({
      group: DETECTION_GROUP,
      bus: this.bus,
      chain: new MongoActivityChainReader(this.connection),
      offsets: new ConsumerOffsets(this.connection),
      handle: (payload) => this.handle(payload),
      logger: this.logger,
    });
    await follower.start();
    this.follower = follower;
    return { close: () => follower.stop() };
  }

  /** Resolves once every event announced so far was handled (tests). */
  async idle(): Promise<void> {
    await this.follower?.idle();
  }

  /** Also the entry point for tests and benches that bypass the chain. */
  async handle(payload: ActivityRecordedPayload): Promise<void> {
    const problem = malformed(payload);
    if (problem !== null) {
      // A message that can never be processed is dropped (and logged), not retried forever ahead of good ones.
      this.logger.warn({ eventId: payload?.eventId, problem }, 'dropped a malformed activity.recorded message');
      return;
    }
    this.observer?.judged();
    await this.cases.observe(payload);
    const result = await this.engine.judge(payload);
    if (result.tooLate !== undefined) {
      this.logger.warn(
        { tenantId: payload.tenantId, eventId: payload.eventId, latenessMinutes: result.tooLate.latenessMinutes },
        'event arrived later than the tenant lateness bound: kept for baselines, not judged',
      );
    }
    for (const detection of result.detections) await this.raise(detection);
  }

  private async raise(detection: Detection): Promise<void> {
    const outcome = await this.raiser.raise(detection);
    this.observer?.raised(detection.ruleId, outcome);
    this.logger.info(
      {
        tenantId: detection.tenantId,
        ruleId: detection.ruleId,
        alertId: outcome.kind === 'raised' ? outcome.alert._id : outcome.alertId,
        outcome: outcome.kind,
      },
      'detection',
    );
    const alert = outcome.alert;
    if (alert === null || !isCredentialAttack(alert.ruleId)) return;
    // Logins recorded before this attack alert existed or covered their account escalate now.
    for (const followUp of await this.engine.followUps({
      alertId: alert._id,
      ruleId: alert.ruleId,
      tenantId: alert.tenantId,
      detectedAt: alert.detectedAt,
      relatedAccountIds: alert.relatedAccountIds,
    })) {
      this.observer?.raised(followUp.ruleId, await this.raiser.raise(followUp));
    }
  }
}

function malformed(payload: ActivityRecordedPayload | undefined): string | null {
  if (typeof payload !== 'object' || payload === null) return 'no payload';
  for (const field of ['eventId', 'tenantId', 'accountId', 'type'] as const) {
    if (typeof payload[field] !== 'string' || payload[field].length === 0) return `${field} missing`;
  }
  if (Number.isNaN(Date.parse(payload.occurredAt))) return 'occurredAt is not a date';
  return null;
}
