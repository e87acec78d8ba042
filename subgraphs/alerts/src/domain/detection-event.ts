import type { ActivityInput } from './activity.js';

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
  readonly outcome: ActivityInput['outcome'];
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

// Every exact type below is in the shared taxonomy (@vigil/core) and so can be ingested; a test fails if a
// rule names a type the taxonomy refuses. Other vocabularies (Auth0 codes, Keycloak names) are mapped to
// these at ingestion, not here.
const MFA_DENIED_TYPES = new Set(['user.mfa.challenge.denied', 'user.mfa.okta_verify.deny_push']);
const RESET_OR_UNLOCK_REQUEST_TYPES = new Set([
  'user.account.password_reset.requested',
  'user.account.unlock.requested',
  'user.account.unlock_token',
]);
const PASSWORD_RESET_TYPES = new Set(['user.account.password_reset.completed']);
const CONTACT_FIELD_BY_TYPE: Record<string, string> = {
  'account.contact.email_changed': 'email',
  'account.contact.phone_changed': 'phone',
  'account.contact.address_changed': 'address',
};
const PROFILE_UPDATED_TYPE = 'account.profile.updated';
const DEVICE_ADDED_TYPE = 'security.device.added';
const THIRD_PARTY_GRANT_TYPES = new Set([
  'integration.consent.granted',
  'integration.app.authorized',
  'integration.access.granted',
]);
const THIRD_PARTY_DENIED_TYPE = 'integration.access.denied';
const THIRD_PARTY_REQUESTED_TYPE = 'integration.access.requested';
const RECOVERY_CASE_OPENED_TYPES = new Set(['recovery.case.opened', 'agent.action.case.opened']);
const VERIFICATION_TYPES = new Set(['recovery.verification.failed', 'agent.action.verification.recorded']);
const LOGIN_SUCCEEDED_TYPE = 'user.session.start';
/** Families read by prefix: every type under them in the taxonomy. */
export const DETECTION_TYPE_PREFIXES = ['user.authentication.', 'transaction.'] as const;

/** Every exact event type some rule reads (the taxonomy must accept each). */
export const DETECTION_EVENT_TYPES: readonly string[] = [
  LOGIN_SUCCEEDED_TYPE,
  ...MFA_DENIED_TYPES,
  ...RESET_OR_UNLOCK_REQUEST_TYPES,
  ...PASSWORD_RESET_TYPES,
  ...Object.keys(CONTACT_FIELD_BY_TYPE),
  PROFILE_UPDATED_TYPE,
  DEVICE_ADDED_TYPE,
  ...THIRD_PARTY_GRANT_TYPES,
  THIRD_PARTY_DENIED_TYPE,
  THIRD_PARTY_REQUESTED_TYPE,
  ...RECOVERY_CASE_OPENED_TYPES,
  ...VERIFICATION_TYPES,
];

/** Recovery-cases logs verification steps as agent actions; the verdict may travel in metadata. */
function isFailedResult(value: unknown): boolean {
  return typeof value === 'string' && ['FAILED', 'FAILURE', 'REJECTED'].includes(value.toUpperCase());
}

function isLoginType(type: string): boolean {
  return type === LOGIN_SUCCEEDED_TYPE || type.startsWith('user.authentication.');
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
export function toDetectionEvent(payload: ActivityInput): DetectionEvent {
  const { type, outcome } = payload;
  const metadata = payload.metadata ?? {};
  const kinds: EventKind[] = [];
  let changedFields: string[] | undefined;

  if (isLoginType(type) && (type.endsWith('.failed') || outcome === 'FAILURE')) kinds.push('LOGIN_FAILED');
  else if (isLoginType(type) && outcome === 'SUCCESS') kinds.push('LOGIN_SUCCEEDED');
  if (MFA_DENIED_TYPES.has(type)) kinds.push('MFA_PUSH_DENIED');
  if (PASSWORD_RESET_TYPES.has(type) && outcome !== 'FAILURE') kinds.push('PASSWORD_RESET');
  if (RESET_OR_UNLOCK_REQUEST_TYPES.has(type)) kinds.push('RESET_OR_UNLOCK_REQUESTED');
  if (type === DEVICE_ADDED_TYPE || (kinds.includes('LOGIN_SUCCEEDED') && payload.firstSeenDevice === true)) {
    kinds.push('DEVICE_ADDED');
  }
  const contactField = CONTACT_FIELD_BY_TYPE[type];
  if (contactField !== undefined && outcome !== 'FAILURE') {
    kinds.push('CONTACT_CHANGED', 'PROFILE_CHANGED');
    changedFields = [contactField];
  }
  if (type === PROFILE_UPDATED_TYPE && outcome !== 'FAILURE') {
    kinds.push('PROFILE_CHANGED');
    changedFields = stringList(metadata.changedFields) ??
      stringList(metadata.fields) ??
      stringList(metadata.field) ?? ['profile'];
  }
  const caseId = typeof metadata.caseId === 'string' ? metadata.caseId : undefined;
  if (VERIFICATION_TYPES.has(type) && (outcome === 'FAILURE' || isFailedResult(metadata.result))) {
    kinds.push('VERIFICATION_FAILED');
  }
  if (RECOVERY_CASE_OPENED_TYPES.has(type)) kinds.push('RECOVERY_CASE_OPENED');
  const amount = finiteNumber(metadata.amount);
  if (type.startsWith('transaction.') && amount !== undefined && outcome !== 'FAILURE') kinds.push('TRANSACTION');
  if (THIRD_PARTY_GRANT_TYPES.has(type) && outcome !== 'FAILURE') kinds.push('THIRD_PARTY_GRANT');
  if (type === THIRD_PARTY_DENIED_TYPE) kinds.push('THIRD_PARTY_DENIED');
  if (type === THIRD_PARTY_REQUESTED_TYPE) kinds.push('THIRD_PARTY_REQUESTED');

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

/** The events of each tenant, in their order (a page is recorded and counted per tenant). */
export function eventsByTenant(events: readonly DetectionEvent[]): Map<string, DetectionEvent[]> {
  const byTenant = new Map<string, DetectionEvent[]>();
  for (const event of events) {
    const list = byTenant.get(event.tenantId);
    if (list === undefined) byTenant.set(event.tenantId, [event]);
    else list.push(event);
  }
  return byTenant;
}
