import type { ActivityRecordedPayload } from '@vigil/core';
import { DetectionEngine, isCredentialAttack } from '../../src/domain/detection-engine.js';
import type { Detection } from '../../src/domain/finding.js';
import type { RuleId } from '../../src/domain/rule-catalog.js';
import { defaultDetectionSettings, resolveTenantRules, type TenantDetectionSettings } from '../../src/domain/tenant-rules.js';
import { InMemoryDetectionHistory } from './in-memory-history.js';

/**
 * Feeds events through a real engine with an in-memory history, `batchSize` at a time; returns every detection,
 * in order (one per rule, key and judged event; a batch's same detection once). Like the alert raiser, a credential-attack detection makes its alert
 * visible and runs the success-after-attack follow-up.
 */
export async function detect(
  payloads: readonly ActivityRecordedPayload[],
  settings: Partial<TenantDetectionSettings> = {},
  history = new InMemoryDetectionHistory(),
  now: () => number = Date.now,
  /** Events judged at once (ADR 102: a page of the chain); 1 judges them one by one. */
  batchSize = 1,
): Promise<Detection[]> {
  const resolved = resolveTenantRules({ ...defaultDetectionSettings('demo'), ...settings });
  const engine = new DetectionEngine(history, async () => resolved, now);
  const all: Detection[] = [];
  const seen = new Set<string>();
  // A follow-up repeats what the success-after-attack rule said on the login's arrival: listed once.
  const keep = (detection: Detection) => {
    const key = `${detection.suppressionKey}\u0000${detection.triggerEventId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    all.push(detection);
    return true;
  };
  for (let start = 0; start < payloads.length; start += batchSize) {
    const { detections } = await engine.judgeBatch(payloads.slice(start, start + batchSize));
    for (const detection of detections) {
      all.push(detection);
      seen.add(`${detection.suppressionKey}\u0000${detection.triggerEventId}`);
      const alert = history.remember(detection);
      if (!isCredentialAttack(detection.ruleId)) continue;
      for (const followUp of await engine.followUps({ ...alert, tenantId: detection.tenantId })) {
        if (keep(followUp)) history.remember(followUp);
      }
    }
  }
  return all;
}

export function ofRule(detections: readonly Detection[], ruleId: RuleId): Detection[] {
  return detections.filter((detection) => detection.ruleId === ruleId);
}

/** One alert per suppression key, as the raiser folds them: the keys that fired. */
export function alertKeys(detections: readonly Detection[], ruleId?: RuleId): string[] {
  return [...new Set(detections.filter((d) => ruleId === undefined || d.ruleId === ruleId).map((d) => d.suppressionKey))].sort();
}
