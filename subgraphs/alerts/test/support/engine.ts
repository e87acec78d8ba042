import type { ActivityRecordedPayload } from '@vigil/core';
import { DetectionEngine } from '../../src/domain/detection-engine.js';
import type { Detection } from '../../src/domain/finding.js';
import type { RuleId } from '../../src/domain/rule-catalog.js';
import { defaultDetectionSettings, resolveTenantRules, type TenantDetectionSettings } from '../../src/domain/tenant-rules.js';
import { InMemoryDetectionHistory } from './in-memory-history.js';

/** Feeds events through a real engine with an in-memory history; returns every detection, in order. */
export async function detect(
  payloads: readonly ActivityRecordedPayload[],
  settings: Partial<TenantDetectionSettings> = {},
  history = new InMemoryDetectionHistory(),
): Promise<Detection[]> {
  const resolved = resolveTenantRules({ ...defaultDetectionSettings('demo'), ...settings });
  const engine = new DetectionEngine(history, async () => resolved);
  const all: Detection[] = [];
  for (const payload of payloads) {
    const detections = await engine.process(payload);
    for (const detection of detections) history.remember(detection);
    all.push(...detections);
  }
  return all;
}

export function ofRule(detections: readonly Detection[], ruleId: RuleId): Detection[] {
  return detections.filter((detection) => detection.ruleId === ruleId);
}
