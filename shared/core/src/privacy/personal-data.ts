/**
 * Which fields of Vigil's graph carry personal data: contact details, names, network and device identifiers,
 * evidence, free text that may embed any of them, and everything masked by role. One list, read by the gateway's
 * partner contract (a partner's `@key`, `@requires` or `@provides` may not reach any of these, so the gateway never
 * sends them to a partner unasked) and meant to be the single policy the subgraphs' masking reads as well.
 * A whole object field (e.g. `Account.contactChannels`) counts as personal data with everything under it.
 */
export const PERSONAL_DATA_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Account: ['externalRef', 'displayName', 'email', 'phone', 'mfaFactors', 'knownDevices', 'contactChannels', 'activity'],
  ContactChannel: ['address'],
  KnownDevice: ['deviceId', 'label', 'userAgent'],
  MfaFactor: ['label'],
  Agent: ['displayName', 'email'],
  ActivityEvent: ['actor', 'ip', 'userAgent', 'deviceId', 'geo', 'device', 'firstSeenDevice', 'firstSeenCountry', 'metadata'],
  ActivityActor: ['id'],
  ActivityGeo: ['country', 'city', 'lat', 'lon'],
  ActivityStats: ['topIps', 'topCountries'],
  Alert: ['reasons', 'reasonVector', 'history'],
  AlertReasons: ['explanation', 'values', 'evidenceEventIds'],
  ReasonValue: ['value'],
  RecoveryCase: ['notes', 'interactions', 'verifications', 'contactChanges', 'history'],
  CaseNote: ['body'],
  ContactChangeRequest: ['newValue'],
  CustomerInteraction: ['reference'],
  VerificationAttempt: ['evidenceRef'],
  NotificationDelivery: ['address', 'lastError'],
  PasswordResetIssued: ['maskedAddress'],
  VerificationCodeSent: ['maskedAddress'],
  ThirdPartyAccessRequest: ['appName'],
};

/** Whether `typeName.fieldName` is personal data. */
export function isPersonalDataField(typeName: string, fieldName: string): boolean {
  return PERSONAL_DATA_FIELDS[typeName]?.includes(fieldName) ?? false;
}
