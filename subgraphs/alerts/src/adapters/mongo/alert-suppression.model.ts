import { Schema } from 'mongoose';
import type { SuppressionWindows } from '../../application/ports.js';
import { ownModel } from './own-model.js';

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

/** The model on this subgraph's own connection. */
export const alertSuppressionModel = ownModel('AlertSuppression', schema);
export type AlertSuppressionModel = ReturnType<typeof alertSuppressionModel>;

/** SuppressionWindows on the suppression collection (the retention sweep's delete). */
export function suppressionWindows(suppressions: AlertSuppressionModel): SuppressionWindows {
  return {
    async deleteEndedBefore(before) {
      return (await suppressions.deleteMany({ until: { $lt: before } })).deletedCount;
    },
  };
}
