import type { ActivityRecordedPayload } from '@vigil/core';
import { toDetectionEvent, type DetectionEvent } from './detection-event.js';
import type { DetectionHistory } from './detection-history.js';
import type { Detection, RuleFinding } from './finding.js';
import type { RuleId } from './rule-catalog.js';
import { EVALUATORS } from './rules/index.js';
import { MINUTE_MS } from './rules/evaluator.js';
import { CREDENTIAL_ATTACK_RULES, successFinding, type AttackRef } from './rules/success-after-attack.js';
import type { ResolvedRule, TenantRuleSet } from './tenant-rules.js';

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
  readonly tooLate?: { readonly watermark: Date; readonly latenessMinutes: number };
}

export function isCredentialAttack(ruleId: RuleId): boolean {
  return (CREDENTIAL_ATTACK_RULES as readonly string[]).includes(ruleId);
}

/**
 * Runs the rules over one activity event: records it in the shared history first (idempotently), then
 * asks each enabled rule whose triggers match. Rules judge by event time, so the arrival order within the
 * tenant's lateness bound does not change what fires. It decides nothing about storage, suppression or
 * notification; it returns what fired and why.
 */
export class DetectionEngine {
  constructor(
    private readonly history: DetectionHistory,
    private readonly rulesFor: TenantRuleSource,
    private readonly now: () => number = Date.now,
  ) {}

  async process(payload: ActivityRecordedPayload): Promise<Detection[]> {
    return (await this.judge(payload)).detections;
  }

  async judge(payload: ActivityRecordedPayload): Promise<EngineResult> {
    const event = toDetectionEvent(payload);
    if (event.kinds.length === 0) return { detections: [] };
    // An event dated in the future (clock skew, a forged time) must not move the watermark past now and
    // make every honest event "too late": the watermark never runs ahead of the clock by more than the skew.
    const watermarkAt = Math.min(event.occurredAt.getTime(), this.now() + MAX_CLOCK_SKEW_MS);
    // Independent writes and a read, at once (one round trip of latency, not three; ADR 100). The event is in
    // the history before any rule reads it, as before.
    const [, ruleSet, watermark] = await Promise.all([
      this.history.record(event),
      this.rulesFor(event.tenantId),
      this.history.advanceWatermark(event.tenantId, new Date(watermarkAt)),
    ]);
    if (event.occurredAt.getTime() < watermark.getTime() - ruleSet.latenessMinutes * MINUTE_MS) {
      return { detections: [], tooLate: { watermark, latenessMinutes: ruleSet.latenessMinutes } };
    }
    // Evaluators only read the history, so the rules an event triggers are evaluated at once; the detections
    // keep the rules' order.
    const triggered = [...ruleSet.rules.values()].filter(
      (rule) => rule.enabled && rule.triggers.some((kind) => event.kinds.includes(kind)) && !rule.allowlist.contains(event.ip),
    );
    const findings = await Promise.all(
      triggered.map((rule) =>
        EVALUATORS[rule.id].evaluate(event, {
          rule,
          history: this.history,
          allowlist: rule.allowlist,
          latenessMinutes: ruleSet.latenessMinutes,
        }),
      ),
    );
    const detections: Detection[] = [];
    triggered.forEach((rule, index) => {
      const found = findings[index] ?? null;
      const list: readonly RuleFinding[] = found === null ? [] : Array.isArray(found) ? found : [found as RuleFinding];
      for (const finding of list) detections.push(toDetection(event, rule, finding));
    });
    return { detections };
  }

  /**
   * After a credential-attack alert was raised or grew: successful logins already recorded on any of its
   * accounts within the window after it escalate now (they may have been shipped before the failures).
   */
  async followUps(attack: AttackAlert): Promise<Detection[]> {
    const ruleSet = await this.rulesFor(attack.tenantId);
    const rule = ruleSet.rules.get('success-after-attack');
    if (rule === undefined || !rule.enabled || attack.relatedAccountIds.length === 0) return [];
    const windowMinutes = rule.params.windowMinutes ?? 0;
    const logins = await this.history.events({
      tenantId: attack.tenantId,
      kind: 'LOGIN_SUCCEEDED',
      accountIds: attack.relatedAccountIds,
      since: attack.detectedAt,
      until: new Date(attack.detectedAt.getTime() + windowMinutes * MINUTE_MS),
      limit: 200,
    });
    return logins
      .filter((login) => !rule.allowlist.contains(login.ip))
      .map((login) => toDetection(login, rule, successFinding(login, attack, windowMinutes, rule.severity)));
  }
}

function toDetection(event: DetectionEvent, rule: ResolvedRule, finding: RuleFinding): Detection {
  return {
    tenantId: event.tenantId,
    ruleId: rule.id,
    mode: rule.mode,
    severity: finding.severity,
    accountId: finding.accountId,
    relatedAccountIds: finding.relatedAccountIds,
    groupKey: finding.groupKey,
    suppressionKey: `${event.tenantId}|${rule.id}|${finding.groupKey}`,
    suppressionMinutes: rule.suppressionMinutes,
    detectedAt: finding.firedAt ?? event.occurredAt,
    triggerEventId: finding.triggerEventIds?.[0] ?? finding.triggerEventId ?? event.eventId,
    triggerEventIds: finding.triggerEventIds?.length ? finding.triggerEventIds : [finding.triggerEventId ?? event.eventId],
    magnitude: finding.magnitude ?? 1,
    reasons: {
      ruleId: rule.id,
      ruleName: rule.name,
      thresholds: rule.params,
      values: finding.values,
      evidenceEventIds: finding.evidenceEventIds,
      explanation: finding.explanation,
    },
  };
}
