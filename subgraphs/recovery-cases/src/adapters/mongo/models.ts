import type { Connection } from 'mongoose';
import { assignmentCursorModel, type AssignmentCursorModel } from './assignment-cursor.model.js';
import { recoveryCaseModel, type RecoveryCaseModel } from './recovery-case.model.js';
import { recoverySettingsModel, type RecoverySettingsModel } from './recovery-settings.model.js';

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
