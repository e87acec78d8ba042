import { Schema, type Connection } from 'mongoose';

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

// overwriteModels: building the subgraph twice on one connection (tests, the stack) reuses the same schema.
const register = (connection: Connection) => connection.model('KnownRecoveryCase', schema, undefined, { overwriteModels: true });
export type KnownCaseModel = ReturnType<typeof register>;

export function knownCaseModel(connection: Connection): KnownCaseModel {
  return register(connection);
}
