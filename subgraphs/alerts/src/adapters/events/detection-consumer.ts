import {
  ActivityChainConsumer,
  CHAIN_PAGE_SIZE,
  ConsumerOffsets,
  MongoActivityChainReader,
  RecordsOnRecord,
  VIGIL_EVENT_TYPES,
  type ActivityRecordedPayload,
  type BackgroundTask,
  type EventBus,
} from '@vigil/core';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { ErasableDeliveries, ErasableHistory } from '../../domain/account-erasure.js';
import { deliveryCutoff, type DeliveriesFollowingPurges } from '../../domain/notifications/delivery-retention.js';
import type { RedactableAlerts } from '../../domain/alert-redaction.js';
import { splitAtChainRecords } from '../../domain/chain-records.js';
import { purgeCutoffs, type PurgeableHistory } from '../../domain/retention-purge.js';
import { isCredentialAttack, type DetectionEngine } from '../../domain/detection-engine.js';
import type { Detection } from '../../domain/finding.js';
import type { AlertRaiser, RaiseOutcome } from '../../application/alert-raiser.js';
import type { AlertRecord } from '../mongo/alert.model.js';
import type { JoinedAlert } from '../../application/raising/alert-folds.js';
import type { CaseRegistry } from '../mongo/case-registry.js';

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
 * How long a page that announced new alerts waits before the rest of its work (its joins to other alerts, then
 * `publishedAt`, the notification jobs and the worker they wake, the follow-up reads): the walls' delivery of the
 * announcement — the gateway reading it and fetching what the walls show — goes first instead of sharing the event
 * loop with it (ADR 154).
 */
export const DELIVERY_FIRST_MS = 50;

/**
 * Activity chain → detection → alerts. The events come from each tenant's activity chain, from the offset
 * this group saved in the alerts database (`ActivityChainConsumer`): after a crash detection resumes where
 * it durably left off, and the bus only wakes it up. Idempotent end to end (history insert by event id,
 * alert id derived from the triggering event, suppression claim), so an event handed over again after a
 * crash never doubles an alert. A handler error stops the tenant at that event until it succeeds.
 */
export class DetectionConsumer implements BackgroundTask {
  readonly name = 'detection-consumer';
  private follower: ActivityChainConsumer | undefined;
  private onRecord: RecordsOnRecord | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly connection: Connection,
    private readonly engine: DetectionEngine,
    private readonly raiser: AlertRaiser,
    private readonly cases: CaseRegistry,
    /** Where an erasure or a retention purge recorded in the chain is applied to detection's copies (ADR 132, 134). */
    private readonly copies: ErasableHistory & PurgeableHistory,
    /** Where the same record makes the stored alerts forget the personal values they copied (ADR 136). */
    private readonly alerts: RedactableAlerts,
    /**
     * Where an erasure removes the account's contact addresses from its notification deliveries (ADR 142), and a
     * purge leaves its cut-off for the delivery retention sweep (ADR 146).
     */
    private readonly deliveries: ErasableDeliveries & DeliveriesFollowingPurges,
    private readonly logger: Logger,
    private readonly observer?: DetectionObserver,
    /** What a page that announced new alerts waits for before its bookkeeping; tests hold it with a gate. */
    private readonly waitForDelivery: () => Promise<void> = () => new Promise((done) => setTimeout(done, DELIVERY_FIRST_MS)),
  ) {}

  /** Follows the chain from the saved offsets; idempotent. */
  async start(): Promise<void> {
    if (this.follower !== undefined) return;
    const offsets = new ConsumerOffsets(this.connection);
    const follower = new ActivityChainConsumer({
      group: DETECTION_GROUP,
      bus: this.bus,
      chain: new MongoActivityChainReader(this.connection),
      offsets,
      handleBatch: (payloads) => this.handleBatch(payloads),
      logger: this.logger,
    });
    await follower.start();
    this.follower = follower;
    // The group starts at the chain's heads: erasures already on record before that still reach what this subgraph
    // keeps of the account (ADR 147). Only erasures: a purge's copies are bounded by the sweeps and by the next purge.
    this.onRecord = new RecordsOnRecord({
      group: DETECTION_GROUP,
      types: [VIGIL_EVENT_TYPES.accountErased],
      connection: this.connection,
      offsets,
      handle: (records) => this.applyAll(records),
      logger: this.logger,
    });
    this.onRecord.start();
  }

  /** Stops following; the event in flight finishes (its offset is saved only after it was handled). */
  async stop(): Promise<void> {
    const { follower, onRecord } = this;
    this.follower = undefined;
    this.onRecord = undefined;
    await onRecord?.stop();
    await follower?.stop();
  }

  /** Records from before the group's start: applied as when met in the chain, with no events to judge around them. */
  private async applyAll(records: readonly ActivityRecordedPayload[]): Promise<void> {
    for (const record of records) if (malformed(record) === null) await this.apply(record);
  }

  /** Resolves once every event announced so far was handled (tests). */
  async idle(): Promise<void> {
    await this.follower?.idle();
  }

  /** One event (tests and benches that bypass the chain). */
  async handle(payload: ActivityRecordedPayload): Promise<void> {
    await this.judgePage([payload], false);
  }

  /**
   * A page of one tenant's chain, judged as one batch (ADR 102): one history write, one watermark move, the rule
   * state read once per key; each distinct detection is raised once, in event order.
   */
  async handleBatch(payloads: readonly ActivityRecordedPayload[]): Promise<void> {
    // A full page: more of the chain follows at once, and its detections, not a wall, wait for this page.
    await this.judgePage(payloads, payloads.length < CHAIN_PAGE_SIZE);
  }

  /** `handleBatch`; `deliveryFirst`: new alerts' bookkeeping waits for the walls' delivery (ADR 154). */
  private async judgePage(payloads: readonly ActivityRecordedPayload[], deliveryFirst: boolean): Promise<void> {
    const wellFormed = payloads.filter((payload) => {
      const problem = malformed(payload);
      // A message that can never be processed is dropped (and logged), not retried forever ahead of good ones.
      if (problem !== null)
        this.logger.warn({ eventId: payload?.eventId, problem }, 'dropped a malformed activity.recorded message');
      return problem === null;
    });
    // An erasure or a purge applies to the events before it: the page's later events are judged after it.
    for (const part of splitAtChainRecords(wellFormed)) {
      await this.judge(part.events, deliveryFirst);
      if (part.record !== undefined) await this.apply(part.record);
    }
  }

  /** Applies an erasure or a retention purge recorded in the chain to detection's own copies and to the alerts. */
  private async apply(record: ActivityRecordedPayload): Promise<void> {
    const { tenantId, eventId } = record;
    if (record.type === VIGIL_EVENT_TYPES.accountErased) {
      const erased = await this.copies.eraseAccount(tenantId, record.accountId, record.sequence);
      const redacted = await this.alerts.redactAccount(tenantId, record.accountId, record.sequence);
      const deliveries = await this.deliveries.eraseAccount(tenantId, record.accountId);
      this.logger.info(
        { tenantId, eventId, erased, redacted, deliveries },
        'account erasure applied to detection, alerts and notification deliveries',
      );
      return;
    }
    const cutoffs = purgeCutoffs(record.metadata);
    const purged = await this.copies.purgeExpired(tenantId, cutoffs);
    const redacted = await this.alerts.redactPurged(tenantId, cutoffs);
    const deliveriesBefore = deliveryCutoff(cutoffs);
    if (deliveriesBefore !== undefined) await this.deliveries.followPurge(tenantId, deliveriesBefore);
    this.logger.info({ tenantId, eventId, purged, redacted }, 'retention purge applied to detection and alerts');
  }

  private async judge(wellFormed: readonly ActivityRecordedPayload[], deliveryFirst: boolean): Promise<void> {
    wellFormed.forEach(() => this.observer?.judged());
    const [result] = await Promise.all([this.engine.judgeBatch(wellFormed), this.cases.observeAll(wellFormed)]);
    for (const late of result.tooLate) {
      this.logger.warn(
        { tenantId: late.tenantId, eventId: late.eventId, latenessMinutes: late.latenessMinutes },
        'event arrived later than the tenant lateness bound: kept for baselines, not judged',
      );
    }
    await this.raise(result.detections, deliveryFirst);
  }

  /**
   * The page's detections raised together (ADR 114), each outcome reported; then, once per credential-attack
   * alert the page raised or grew (as it stands after the page), the logins it escalates. The page's joins and the
   * new alerts' bookkeeping run after the walls' delivery (`DELIVERY_FIRST_MS`, ADR 154) and before it is done: its
   * offset moves only after this resolves, so a crash before then hands the page over again, which announces and
   * queues what was not marked done, as before.
   */
  private async raise(detections: readonly Detection[], pause: boolean): Promise<void> {
    if (detections.length === 0) return;
    // Once, when the page announced a new alert: before its joins (written to other alerts), or after the page's raise.
    let paused: Promise<void> | undefined;
    const deliveryFirst = (alerts: readonly AlertRecord[]): Promise<void> => {
      const announced = alerts.some((alert) => alert.mode === 'ALERT' && alert.publishedAt == null);
      if (!announced || !pause) return Promise.resolve();
      paused ??= this.waitForDelivery();
      return paused;
    };
    const { outcomes, unsettled } = await this.raiser.announceAll(detections, deliveryFirst);
    const attacks = new Map<string, JoinedAlert>();
    detections.forEach((detection, index) => {
      const outcome = outcomes[index]!;
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
      if (outcome.alert !== null && isCredentialAttack(outcome.alert.ruleId)) attacks.set(outcome.alert._id, outcome.alert);
    });
    await deliveryFirst(unsettled);
    await this.raiser.settle(unsettled);
    // Logins recorded before these attack alerts existed or covered their accounts escalate now.
    const followUps = (
      await this.engine.followUpsAll(
        [...attacks.values()].map((alert) => ({
          alertId: alert._id,
          ruleId: alert.ruleId,
          tenantId: alert.tenantId,
          detectedAt: alert.detectedAt,
          relatedAccountIds: alert.relatedAccountIds,
        })),
      )
    ).flat();
    const raised = await this.raiser.raiseAll(followUps);
    followUps.forEach((followUp, index) => this.observer?.raised(followUp.ruleId, raised[index]!));
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
