import type { DetectionEvent } from './detection-event.js';
import type { Detection, RuleFinding } from './finding.js';
import type { ResolvedRule } from './rules/rule.js';

/** A rule's finding about one event, as a detection: what the raiser stores (or joins) as an alert. */
export function toDetection(event: DetectionEvent, rule: ResolvedRule, finding: RuleFinding): Detection {
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

/**
 * The events of a batch that share a satisfied window find the same detection (same alert, evidence and
 * numbers); raising it again would change nothing (ADR 080: a redelivery adds nothing), so it is kept once.
 *
 * Equal means equal as JSON, as it always did. Equal detections share their rule, key and first trigger, so only
 * detections sharing those are written out as JSON and compared (ADR 163): an in-order stream's detections each
 * have their own trigger, and writing every one out (50 evidence ids, up to 200 triggers) cost more than judging it.
 */
export function distinct(detections: readonly Detection[]): Detection[] {
  const kept = new Map<string, { readonly detection: Detection; json?: string }[]>();
  return detections.filter((detection) => {
    const key = `${detection.ruleId}\u0000${detection.suppressionKey}\u0000${detection.triggerEventId}`;
    const alike = kept.get(key);
    if (alike === undefined) {
      kept.set(key, [{ detection }]);
      return true;
    }
    const json = JSON.stringify(detection);
    for (const other of alike) {
      other.json ??= JSON.stringify(other.detection);
      if (other.json === json) return false;
    }
    alike.push({ detection, json });
    return true;
  });
}
