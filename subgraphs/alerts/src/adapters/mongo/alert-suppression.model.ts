import { Schema, type Connection } from 'mongoose';
import type { SuppressionWindows } from '../../application/ports.js';

/**
 * One document per suppression key (tenant + rule + group key): which alert currently holds the window
 * and until when (on event time). Claimed with insert / compare-and-set so two instances never both raise.
 */
export interface AlertSuppressionRecord {
  _id: string;
  alertId: string;
  until: Date;
}

const schema = new Schema<AlertSuppressionRecord>(
  {
    _id: { type: String, required: true },
    alertId: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { collection: 'alert_suppressions', versionKey: false },
);

// overwriteModels: building the subgraph twice on one connection (tests, the stack) reuses the same schema.
const register = (connection: Connection) => connection.model('AlertSuppression', schema, undefined, { overwriteModels: true });
export type AlertSuppressionModel = ReturnType<typeof register>;

/** The model on this subgraph's own connection, never on mongoose's global one. */
export function alertSuppressionModel(connection: Connection): AlertSuppressionModel {
  return register(connection);
}

/** SuppressionWindows on the suppression collection (the retention sweep's delete). */
export function suppressionWindows(suppressions: AlertSuppressionModel): SuppressionWindows {
  return {
    async deleteEndedBefore(before) {
      return (await suppressions.deleteMany({ until: { $lt: before } })).deletedCount;
    },
  };
}
