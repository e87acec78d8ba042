import { Schema } from 'mongoose';
import type { RuleOverride } from '../../domain/tenant-rules.js';
import { ownModel } from './own-model.js';

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

/** The model on this subgraph's own connection. */
export const detectionSettingsModel = ownModel('DetectionSettings', schema);
export type DetectionSettingsModel = ReturnType<typeof detectionSettingsModel>;
