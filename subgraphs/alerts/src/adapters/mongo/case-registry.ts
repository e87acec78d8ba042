import type { ActivityRecordedPayload } from '@vigil/core';
import type { KnownCaseModel } from './known-case.model.js';

/** Activity types that announce a new recovery case (recovery-cases' agent action, relayed by activity-logs). */
const CASE_OPENED_TYPES = new Set(['agent.action.case.opened', 'recovery.case.opened']);
const CASE_ID = /^[A-Za-z0-9._:@-]{1,64}$/;

export interface KnownCase {
  readonly caseId: string;
  readonly accountId: string;
}

/**
 * The recovery cases escalations may name, learnt from the bus: recovery-cases announces every case it
 * opens (`agent.action.case.opened`, through the activity chain), so alerts can refuse a case id that does
 * not exist without calling recovery-cases.
 */
export class CaseRegistry {
  constructor(private readonly cases: KnownCaseModel) {}

  /** Every case a batch of activity announces (independent upserts, at once). */
  async observeAll(payloads: readonly ActivityRecordedPayload[]): Promise<void> {
    await Promise.all(payloads.map((payload) => this.observe(payload)));
  }

  private async observe(payload: ActivityRecordedPayload): Promise<void> {
    if (!CASE_OPENED_TYPES.has(payload.type)) return;
    const caseId = payload.metadata?.caseId;
    if (typeof caseId !== 'string' || !CASE_ID.test(caseId)) return;
    await this.cases.updateOne(
      { _id: `${payload.tenantId}|${caseId}` },
      {
        $setOnInsert: {
          tenantId: payload.tenantId,
          caseId,
          accountId: payload.accountId,
          openedAt: new Date(payload.occurredAt),
        },
      },
      { upsert: true },
    );
  }

  async find(tenantId: string, caseId: string): Promise<KnownCase | null> {
    const found = await this.cases.findById(`${tenantId}|${caseId}`).lean();
    return found === null ? null : { caseId: found.caseId, accountId: found.accountId };
  }
}
