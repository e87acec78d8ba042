import type { Identity } from '@vigil/core';
import { evidenceReport, type CitedEvidence, type EvidenceReport } from '../domain/evidence-verification.js';
import { MAX_VERIFIED_EVENTS, type ActivityChain } from './ports.js';
import type { AlertService } from './alert-service.js';

export interface AlertEvidenceReport extends EvidenceReport {
  readonly alertId: string;
  readonly tenantId: string;
  readonly checkedAt: Date;
  /** Evidence beyond MAX_VERIFIED_EVENTS is not checked in one call; the count says how much was left. */
  readonly uncheckedCount: number;
}

/** verifyAlertEvidence: the alert's citations (sequence + hash per evidence event) against the chain as it is now. */
export class EvidenceService {
  constructor(
    private readonly alerts: AlertService,
    private readonly chain: ActivityChain,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async verify(identity: Identity, alertId: string): Promise<AlertEvidenceReport> {
    const alert = await this.alerts.get(identity, alertId);
    const cited = new Map<string, CitedEvidence>();
    for (const eventId of alert.reasons.evidenceEventIds) cited.set(eventId, { eventId });
    for (const ref of alert.evidence ?? []) {
      cited.set(ref.eventId, { eventId: ref.eventId, sequence: ref.sequence ?? undefined, hash: ref.hash ?? undefined });
    }
    const all = [...cited.values()];
    const checked = all.slice(0, MAX_VERIFIED_EVENTS);
    const observations = await this.chain.observe(alert.tenantId, checked);
    return {
      alertId: alert._id,
      tenantId: alert.tenantId,
      checkedAt: this.now(),
      uncheckedCount: all.length - checked.length,
      ...evidenceReport(checked, observations),
    };
  }
}
