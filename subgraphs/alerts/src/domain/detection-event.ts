import type { ActivityRecordedPayload } from '@vigil/core';

/**
 * What detection keeps of an activity event: the bus payload plus the kind the rules reason about.
 * Kinds decouple the rules from the exact dotted type names (Okta, Auth0, Keycloak and our own
 * taxonomy all name the same fact differently).
 */
export const EVENT_KINDS = [
  'LOGIN_FAILED',
  'LOGIN_SUCCEEDED',
  'MFA_PUSH_DENIED',
  'PASSWORD_RESET',
  'RESET_OR_UNLOCK_REQUESTED',
  'DEVICE_ADDED',
  'CONTACT_CHANGED',
  'PROFILE_CHANGED',
  'VERIFICATION_FAILED',
  'RECOVERY_CASE_OPENED',
  'TRANSACTION',
  'THIRD_PARTY_GRANT',
  'THIRD_PARTY_DENIED',
  /** Kept so a grant or denial alert can cite the request with its chain position; no rule triggers on it. */
  'THIRD_PARTY_REQUESTED',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface DetectionEvent {
  readonly eventId: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly type: string;
  readonly kinds: readonly EventKind[];
  readonly outcome: ActivityRecordedPayload['outcome'];
  readonly occurredAt: Date;
  readonly ip?: string;
  readonly deviceId?: string;
  readonly country?: string;
  readonly lat?: number;
  readonly lon?: number;
  readonly firstSeenDevice?: boolean;
  /** Profile/contact field names this event changed (for rapid personal-data changes). */
  readonly changedFields?: readonly string[];
  /** Recovery case the event belongs to (verification failures, case openings). */
  readonly caseId?: string;
  readonly amount?: number;
  /** OAuth-style scopes of a third-party grant. */
  readonly scopes?: readonly string[];
  readonly appName?: string;
  /** The chain event of the request a grant or denial answers (third-party access). */
  readonly requestEventId?: string;
  /** The event's place in the tenant's activity chain (absent when the publisher did not say). */
  readonly sequence?: number;
  readonly hash?: string;
}

const MFA_DENIED_TYPES = new Set([
  'user.mfa.challenge.denied',
  'user.mfa.push.denied',
  'user.mfa.okta_verify.deny_push',
  'gd_auth_rejected',
]);
const RESET_OR_UNLOCK_REQUEST_TYPES = new Set([
  'user.account.password_reset.requested',
  'user.account.unlock.requested',
  'user.account.unlock_token',
  'system.email.password_reset.sent_message',
]);
const PASSWORD_RESET_TYPES = new Set([
  'user.account.password_reset.completed',
  'user.account.password_reset',
  'user.account.password.reset',
  'user.password.reset',
]);
const CONTACT_FIELD_BY_TYPE: Record<string, string> = {
  'account.contact.email_changed': 'email',
  'account.contact.phone_changed': 'phone',
  'account.contact.address_changed': 'address',
};
const THIRD_PARTY_GRANT_TYPES = new Set([
  'integration.consent.granted',
  'integration.app.authorized',
  'integration.access.granted',
  'user.consent.granted',
]);

const RECOVERY_CASE_OPENED_TYPES = new Set(['recovery.case.opened', 'agent.action.case.opened', 'agent.action.case.created']);

/** Recovery-cases logs verification steps as agent actions; the verdict may travel in metadata. */
function isFailedResult(value: unknown): boolean {
  return typeof value === 'string' && ['FAILED', 'FAILURE', 'REJECTED'].includes(value.toUpperCase());
}

function isLoginType(type: string): boolean {
  return type === 'user.session.start' || type.startsWith('user.authentication.');
}

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string' && value.length > 0) return [value];
  if (Array.isArray(value)) {
    const strings = value.filter((item): item is string => typeof item === 'string' && item.length > 0);
    return strings.length > 0 ? strings : undefined;
  }
  return undefined;
}

function finiteNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Classifies a bus payload; an event with no kinds is of no interest to any rule. */
export function toDetectionEvent(payload: ActivityRecordedPayload): DetectionEvent {
  const { type, outcome } = payload;
  const metadata = payload.metadata ?? {};
  const kinds: EventKind[] = [];
  let changedFields: string[] | undefined;

  if (isLoginType(type) && (type.endsWith('.failed') || outcome === 'FAILURE')) kinds.push('LOGIN_FAILED');
  else if (isLoginType(type) && outcome === 'SUCCESS') kinds.push('LOGIN_SUCCEEDED');
  if (MFA_DENIED_TYPES.has(type)) kinds.push('MFA_PUSH_DENIED');
  if (PASSWORD_RESET_TYPES.has(type) && outcome !== 'FAILURE') kinds.push('PASSWORD_RESET');
  if (RESET_OR_UNLOCK_REQUEST_TYPES.has(type)) kinds.push('RESET_OR_UNLOCK_REQUESTED');
  if (type === 'security.device.added' || (kinds.includes('LOGIN_SUCCEEDED') && payload.firstSeenDevice === true)) {
    kinds.push('DEVICE_ADDED');
  }
  const contactField = CONTACT_FIELD_BY_TYPE[type];
  if (contactField !== undefined && outcome !== 'FAILURE') {
    kinds.push('CONTACT_CHANGED', 'PROFILE_CHANGED');
    changedFields = [contactField];
  }
  if (type === 'account.profile.updated' && outcome !== 'FAILURE') {
    kinds.push('PROFILE_CHANGED');
    changedFields = stringList(metadata.changedFields) ??
      stringList(metadata.fields) ??
      stringList(metadata.field) ?? ['profile'];
  }
  const caseId = typeof metadata.caseId === 'string' ? metadata.caseId : undefined;
  if (
    (type === 'recovery.verification.failed' || type === 'agent.action.verification.recorded') &&
    (outcome === 'FAILURE' || isFailedResult(metadata.result))
  ) {
    kinds.push('VERIFICATION_FAILED');
  }
  if (RECOVERY_CASE_OPENED_TYPES.has(type)) kinds.push('RECOVERY_CASE_OPENED');
  const amount = finiteNumber(metadata.amount);
  if (type.startsWith('transaction.') && amount !== undefined && outcome !== 'FAILURE') kinds.push('TRANSACTION');
  if (THIRD_PARTY_GRANT_TYPES.has(type) && outcome !== 'FAILURE') kinds.push('THIRD_PARTY_GRANT');
  if (type === 'integration.access.denied') kinds.push('THIRD_PARTY_DENIED');
  if (type === 'integration.access.requested') kinds.push('THIRD_PARTY_REQUESTED');

  return {
    eventId: payload.eventId,
    tenantId: payload.tenantId,
    accountId: payload.accountId,
    type,
    kinds,
    outcome,
    occurredAt: new Date(payload.occurredAt),
    ip: payload.ip,
    deviceId: payload.deviceId,
    country: payload.geo?.country,
    lat: payload.geo?.lat,
    lon: payload.geo?.lon,
    firstSeenDevice: payload.firstSeenDevice,
    changedFields,
    caseId,
    amount,
    scopes: stringList(metadata.scopes),
    appName: typeof metadata.appName === 'string' ? metadata.appName : undefined,
    requestEventId: typeof metadata.requestEventId === 'string' ? metadata.requestEventId : undefined,
    sequence: typeof payload.sequence === 'number' && Number.isInteger(payload.sequence) ? payload.sequence : undefined,
    hash: typeof payload.hash === 'string' && /^[0-9a-f]{64}$/.test(payload.hash) ? payload.hash : undefined,
  };
}
