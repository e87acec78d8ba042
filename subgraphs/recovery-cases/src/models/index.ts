import type { Connection } from 'mongoose';
import { assignmentCursorModel, type AssignmentCursorModel } from './assignment-cursor.js';
import { recoveryCaseModel, type RecoveryCaseModel } from './recovery-case.js';
import { recoverySettingsModel, type RecoverySettingsModel } from './recovery-settings.js';

export * from './recovery-case.js';
export * from './recovery-settings.js';
export * from './assignment-cursor.js';

export interface RecoveryModels {
  readonly cases: RecoveryCaseModel;
  readonly settings: RecoverySettingsModel;
  readonly cursors: AssignmentCursorModel;
}

export function recoveryModels(connection: Connection): RecoveryModels {
  return {
    cases: recoveryCaseModel(connection),
    settings: recoverySettingsModel(connection),
    cursors: assignmentCursorModel(connection),
  };
}
