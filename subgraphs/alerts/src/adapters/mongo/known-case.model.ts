import { Schema } from 'mongoose';
import { ownModel } from './own-model.js';

/**
 * Recovery cases alerts has heard of on the bus (`agent.action.case.opened` in `activity.recorded`): what an
 * escalation may name. One per tenant and case; kept as long as the alerts that cite them.
 */
export interface KnownCaseRecord {
  /** `tenant|case`. */
  _id: string;
  tenantId: string;
  caseId: string;
  accountId: string;
  openedAt: Date;
}

const schema = new Schema<KnownCaseRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    caseId: { type: String, required: true },
    accountId: { type: String, required: true },
    openedAt: { type: Date, required: true },
  },
  { collection: 'known_recovery_cases', versionKey: false },
);

/** The model on this subgraph's own connection. */
export const knownCaseModel = ownModel('KnownRecoveryCase', schema);
export type KnownCaseModel = ReturnType<typeof knownCaseModel>;
