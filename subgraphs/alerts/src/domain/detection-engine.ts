import type { ActivityInput } from './activity.js';
import { eventsByTenant, toDetectionEvent, type DetectionEvent } from './detection-event.js';
import type { DetectionHistory } from './detection-history.js';
import type { Detection, RuleFinding } from './finding.js';
import { distinct, toDetection } from './detections.js';
import type { RuleId } from './rule-catalog.js';
import { ruleById } from './rules/index.js';
import { byEventTime, MINUTE_MS } from './rules/window-helpers.js';
import { CREDENTIAL_ATTACK_RULES, successFinding, type AttackRef } from './rules/success-after-attack.js';
import type { TenantRuleSet } from './tenant-rules.js';
import { BatchHistoryView } from './batch-history.js';
import { GroupedWindowReads } from './grouped-window-reads.js';

/** Most logins one attack alert escalates at once. */
const FOLLOW_UP_LIMIT = 200;

/** How far ahead of this clock an event's time may move the tenant's watermark (activity-logs allows 5 minutes). */
const MAX_CLOCK_SKEW_MS = 5 * MINUTE_MS;

/** Where the engine gets a tenant's rules (defaults merged with the tenant's overrides). */
export type TenantRuleSource = (tenantId: string) => Promise<TenantRuleSet>;

/** A stored credential-attack alert, for the success-after-attack follow-up. */
export interface AttackAlert extends AttackRef {
  readonly tenantId: string;
  readonly relatedAccountIds: readonly string[];
}

/** What happened to one event: its detections, or why it was not judged. */
export interface EngineResult {
  readonly detections: Detection[];
  /** Set when the event was older than the tenant's lateness bound allows (kept for baselines, not judged). */
  readonly tooLate?: TooLate;
}

export interface TooLate {
  readonly watermark: Date;
  readonly latenessMinutes: number;
}

/** What happened to a batch: its distinct detections in event order, and the events not judged (too late). */
export interface BatchResult {
  readonly detections: Detection[];
  readonly tooLate: readonly (TooLate & { readonly eventId: string; readonly tenantId: string })[];
}

export function isCredentialAttack(ruleId: RuleId): boolean {
  return (CREDENTIAL_ATTACK_RULES as readonly string[]).includes(ruleId);
}

/**
 * Runs the rules over activity events: records them in the shared history first (idempotently), then asks
 * each enabled rule whose triggers match. Rules judge by event time, so the arrival order within the tenant's
 * lateness bound does not change what fires. A batch (one page of a tenant's chain) is recorded at once and
 * judged against the history that holds all of it (ADR 102). It decides nothing about storage, suppression or
 * notification; it returns what fired and why.
 */
export class DetectionEngine {
  constructor(
    private readonly history: DetectionHistory,
    private readonly rulesFor: TenantRuleSource,
    private readonly now: () => number = Date.now,
  ) {}

  async process(payload: ActivityInput): Promise<Detection[]> {
    return (await this.judge(payload)).detections;
  }

  async judge(payload: ActivityInput): Promise<EngineResult> {
    const { detections, tooLate } = await this.judgeBatch([payload]);
    const late = tooLate[0];
    return late === undefined
      ? { detections }
      : { detections, tooLate: { watermark: late.watermark, latenessMinutes: late.latenessMinutes } };
  }

  /** Judges a batch; the same detection found for several of its events is returned once. */
  async judgeBatch(payloads: readonly ActivityInput[]): Promise<BatchResult> {
    const byTenant = eventsByTenant(payloads.map(toDetectionEvent).filter((event) => event.kinds.length > 0));
    const results = await Promise.all([...byTenant.values()].map((events) => this.judgeTenant(events)));
    return {
      detections: distinct(results.flatMap((result) => result.detections)),
      tooLate: results.flatMap((result) => result.tooLate),
    };
  }

  /** One tenant's events: one history write, one watermark move, one rule set; then every event at once. */
  private async judgeTenant(events: readonly DetectionEvent[]): Promise<BatchResult> {
    const tenantId = events[0]!.tenantId;
    const times = events.map((event) => event.occurredAt.getTime());
    const newest = Math.max(...times);
    // An event dated in the future (clock skew, a forged time) must not move the watermark past now and
    // make every honest event "too late": the watermark never runs ahead of the clock by more than the skew.
    const watermarkAt = Math.min(newest, this.now() + MAX_CLOCK_SKEW_MS);
    // The writes and the rules' read, at once. The events are in the history before any rule reads it; where the
    // history counts its recordings, the count's write moves the watermark too (one command fewer, ADR 162).
    const [watermark, ruleSet] = await Promise.all([
      this.recordAndAdvance(tenantId, events, new Date(watermarkAt)),
      this.rulesFor(tenantId),
    ]);
    const bound = watermark.getTime() - ruleSet.latenessMinutes * MINUTE_MS;
    const late = (event: DetectionEvent) => event.occurredAt.getTime() < bound;
    // Read as of this page's own recording: every recording counted before it is in the answers (ADR 154).
    const view = new BatchHistoryView(this.history.asOfRecording?.(tenantId) ?? this.history, newest - Math.min(...times));
    const found = await Promise.all(events.filter((event) => !late(event)).map((event) => this.evaluate(event, ruleSet, view)));
    return {
      detections: found.flat(),
      tooLate: events
        .filter(late)
        .map((event) => ({ eventId: event.eventId, tenantId, watermark, latenessMinutes: ruleSet.latenessMinutes })),
    };
  }

  /** The page recorded and the tenant's watermark moved: in one write when the history can, side by side otherwise. */
  private async recordAndAdvance(tenantId: string, events: readonly DetectionEvent[], occurredAt: Date): Promise<Date> {
    if (this.history.recordWithWatermark !== undefined) return this.history.recordWithWatermark(tenantId, events, occurredAt);
    const [, watermark] = await Promise.all([this.history.record(events), this.history.advanceWatermark(tenantId, occurredAt)]);
    return watermark;
  }

  /** The rules one event triggers; they only read the history, so they are evaluated at once, in the rules' order. */
  private async evaluate(event: DetectionEvent, ruleSet: TenantRuleSet, history: DetectionHistory): Promise<Detection[]> {
    const triggered = [...ruleSet.rules.values()].filter(
      (rule) => rule.enabled && rule.triggers.some((kind) => event.kinds.includes(kind)) && !rule.allowlist.contains(event.ip),
    );
    const findings = await Promise.all(
      triggered.map((rule) =>
        ruleById(rule.id).evaluate(event, { rule, history, allowlist: rule.allowlist, latenessMinutes: ruleSet.latenessMinutes }),
      ),
    );
    return triggered.flatMap((rule, index) => {
      const found = findings[index] ?? null;
      const list: readonly RuleFinding[] = found === null ? [] : Array.isArray(found) ? found : [found as RuleFinding];
      return list.map((finding) => toDetection(event, rule, finding));
    });
  }

  /**
   * After a credential-attack alert was raised or grew: successful logins already recorded on any of its
   * accounts within the window after it escalate now (they may have been shipped before the failures).
   */
  async followUps(attack: AttackAlert): Promise<Detection[]> {
    return (await this.followUpsAll([attack]))[0] ?? [];
  }

  /**
   * `followUps` of several attack alerts (a page's, ADR 114), in their order: the logins of every alert's accounts
   * are read per account through one grouped read per tenant (ADR 107), instead of one read per alert.
   */
  async followUpsAll(attacks: readonly AttackAlert[]): Promise<Detection[][]> {
    const reads = new GroupedWindowReads(this.history);
    return Promise.all(attacks.map((attack) => this.followUpsFrom(reads, attack)));
  }

  private async followUpsFrom(reads: GroupedWindowReads, attack: AttackAlert): Promise<Detection[]> {
    const ruleSet = await this.rulesFor(attack.tenantId);
    const rule = ruleSet.rules.get('success-after-attack');
    if (rule === undefined || !rule.enabled || attack.relatedAccountIds.length === 0) return [];
    const windowMinutes = rule.params.windowMinutes ?? 0;
    const window = {
      tenantId: attack.tenantId,
      kind: 'LOGIN_SUCCEEDED' as const,
      since: attack.detectedAt,
      until: new Date(attack.detectedAt.getTime() + windowMinutes * MINUTE_MS),
      limit: FOLLOW_UP_LIMIT,
    };
    const perAccount = await Promise.all(
      [...new Set(attack.relatedAccountIds)].map((accountId) => reads.events({ ...window, accountId })),
    );
    // The newest logins over all the accounts, oldest first: what one read over the accounts returns.
    const logins = perAccount.flat().sort(byEventTime).slice(-FOLLOW_UP_LIMIT);
    return logins
      .filter((login) => !rule.allowlist.contains(login.ip))
      .map((login) => toDetection(login, rule, successFinding(login, attack, windowMinutes, rule.severity)));
  }
}
