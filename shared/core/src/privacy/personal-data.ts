/**
 * What a partner subgraph may never reach (`@key`, `@requires`, `@provides`): every field the personal-data policy
 * masks (`PERSONAL_DATA_FIELDS` in `policy.ts`, the one list of masked fields), plus the object and list fields that
 * lead to personal data or identify a person without being masked themselves (contact channels, devices, the
 * account's timeline, evidence references…). A whole object field counts with everything under it.
 */
import { PERSONAL_DATA_FIELDS } from './policy.js';

export const PERSONAL_DATA_CONTAINERS: Readonly<Record<string, readonly string[]>> = {
  Account: ['externalRef', 'mfaFactors', 'knownDevices', 'contactChannels', 'activity'],
  MfaFactor: ['label'],
  Agent: ['displayName'],
  ActivityEvent: ['actor', 'recordedBy', 'device', 'firstSeenDevice', 'firstSeenCountry'],
  ActivityActor: ['id'],
  ActivityGeo: ['country', 'city', 'lat', 'lon'],
  ActivityStats: ['topIps', 'topCountries'],
  Alert: ['reasonVector', 'history'],
  AlertReasons: ['values', 'evidenceEventIds'],
  RecoveryCase: ['notes', 'interactions', 'verifications', 'contactChanges', 'history'],
  CustomerInteraction: ['reference'],
  VerificationAttempt: ['evidenceRef'],
  PasswordResetIssued: ['maskedAddress'],
  VerificationCodeSent: ['maskedAddress'],
  ThirdPartyAccessRequest: ['appName'],
};

/** Whether `typeName.fieldName` is personal data or leads to it. */
export function isPersonalDataField(typeName: string, fieldName: string): boolean {
  return (
    PERSONAL_DATA_FIELDS[typeName]?.[fieldName] !== undefined ||
    (PERSONAL_DATA_CONTAINERS[typeName]?.includes(fieldName) ?? false)
  );
}
