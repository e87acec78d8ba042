import type { ActivityRecordedPayload } from '@vigil/core';
import { toDetectionEvent } from './detection-event.js';
import type { DetectionHistory } from './detection-history.js';
import type { Detection } from './finding.js';
import { EVALUATORS } from './rules/index.js';
import type { TenantRuleSet } from './tenant-rules.js';

/** Where the engine gets a tenant's rules (defaults merged with the tenant's overrides). */
export type TenantRuleSource = (tenantId: string) => Promise<TenantRuleSet>;

/**
 * Runs the rules over one activity event: records it in the shared history first (idempotently), then
 * asks each enabled rule whose triggers match. It decides nothing about storage, suppression or
 * notification; it returns what fired and why.
 */
export class DetectionEngine {
  constructor(
    private readonly history: DetectionHistory,
    private readonly rulesFor: TenantRuleSource,
  ) {}

  async process(payload: ActivityRecordedPayload): Promise<Detection[]> {
    const event = toDetectionEvent(payload);
    if (event.kinds.length === 0) return [];
    await this.history.record(event);
    const ruleSet = await this.rulesFor(event.tenantId);
    const detections: Detection[] = [];
    for (const rule of ruleSet.rules.values()) {
      if (!rule.enabled || !rule.triggers.some((kind) => event.kinds.includes(kind))) continue;
      if (rule.usesIpAllowlist && ruleSet.allowlist.contains(event.ip)) continue;
      const finding = await EVALUATORS[rule.id].evaluate(event, { rule, history: this.history, allowlist: ruleSet.allowlist });
      if (finding === null) continue;
      detections.push({
        tenantId: event.tenantId,
        ruleId: rule.id,
        mode: rule.mode,
        severity: finding.severity,
        accountId: finding.accountId,
        relatedAccountIds: finding.relatedAccountIds,
        groupKey: finding.groupKey,
        suppressionKey: `${event.tenantId}|${rule.id}|${finding.groupKey}`,
        suppressionMinutes: rule.suppressionMinutes,
        detectedAt: event.occurredAt,
        triggerEventId: event.eventId,
        reasons: {
          ruleId: rule.id,
          ruleName: rule.name,
          thresholds: rule.params,
          values: finding.values,
          evidenceEventIds: finding.evidenceEventIds,
          explanation: finding.explanation,
        },
      });
    }
    return detections;
  }
}
