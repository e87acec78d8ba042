import { Schema, type Connection } from 'mongoose';
import type { RuleOverride } from '../../domain/tenant-rules.js';

/** A tenant's rule overrides and IP allowlist; absent → the catalog defaults. */
export interface DetectionSettingsRecord {
  _id: string;
  ipAllowlist: string[];
  overrides: RuleOverride[];
  /** Lateness bound in minutes; absent → the default (24 h). */
  latenessMinutes?: number;
  updatedAt: Date;
  updatedBy: string;
}

const schema = new Schema<DetectionSettingsRecord>(
  {
    _id: { type: String, required: true },
    ipAllowlist: { type: [String], default: [] },
    // Validated by the domain (validateDetectionSettings) before it is stored.
    overrides: { type: Schema.Types.Mixed, default: [] },
    latenessMinutes: Number,
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'detection_settings', versionKey: false, minimize: false },
);

// overwriteModels: building the subgraph twice on one connection (tests, the stack) reuses the same schema.
const register = (connection: Connection) => connection.model('DetectionSettings', schema, undefined, { overwriteModels: true });
export type DetectionSettingsModel = ReturnType<typeof register>;

/** The model on this subgraph's own connection, never on mongoose's global one. */
export function detectionSettingsModel(connection: Connection): DetectionSettingsModel {
  return register(connection);
}
