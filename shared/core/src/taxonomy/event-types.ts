/**
 * The event types as data: every dotted event type maps to a review category, to its OCSF class /
 * activity for export, and to who may write it. Types come from identity-provider vocabularies (Okta
 * System Log style). Families (`agent.action.*`, `system.*`, `integration.*`) accept any well-formed
 * suffix; tenants register their own types under `custom.*`.
 */
import type { ActivityOutcome } from '../events/topics.js';
import type { ActivityCategory } from './categories.js';
import { ADMIN_ACTION_EVENT_TYPES } from './admin-actions.js';
import type { EventTypeDefinition, OcsfClass } from './event-type-definition.js';
import { requiredWriterOf } from './writers.js';

export type { EventTypeDefinition, OcsfClass } from './event-type-definition.js';

// OCSF classes used here. Authentication 3002 (1 Logon, 2 Logoff), Account Change 3001 (1 Create,
// 2 Enable, 3 Password Change, 4 Password Reset, 5 Disable, 6 Delete, 9 Lock, 10/11 MFA enable/disable,
// 99 Other), Detection Finding 2004, API Activity 6003, Web Resources Activity 6001, Base Event 0
// (for interactions and complaints, which OCSF has no class for).
const AUTH = (activityId: number): OcsfClass => ({ classUid: 3002, categoryUid: 3, activityId });
const ACCOUNT_CHANGE = (activityId: number): OcsfClass => ({ classUid: 3001, categoryUid: 3, activityId });
const API_ACTIVITY = (activityId: number): OcsfClass => ({ classUid: 6003, categoryUid: 6, activityId });
const WEB_RESOURCE = (activityId: number): OcsfClass => ({ classUid: 6001, categoryUid: 6, activityId });
export const BASE_EVENT: OcsfClass = { classUid: 0, categoryUid: 0, activityId: 99 };

const def = (
  type: string,
  category: ActivityCategory,
  ocsf: OcsfClass,
  description: string,
  fixedOutcome?: ActivityOutcome,
): EventTypeDefinition => {
  const writer = requiredWriterOf(type);
  return fixedOutcome
    ? { type, category, ocsf, description, fixedOutcome, writer }
    : { type, category, ocsf, description, writer };
};

export const BUILT_IN_EVENT_TYPES: readonly EventTypeDefinition[] = [
  def('user.session.start', 'AUTHENTICATION', AUTH(1), 'Sign-in succeeded and a session started', 'SUCCESS'),
  def('user.session.end', 'AUTHENTICATION', AUTH(2), 'Session ended (sign-out or expiry)'),
  def('user.authentication.sso', 'AUTHENTICATION', AUTH(1), 'Signed in through single sign-on'),
  def('user.authentication.auth_via_mfa', 'AUTHENTICATION', AUTH(1), 'Authenticated with a second factor'),
  def('user.mfa.challenge.sent', 'AUTHENTICATION', AUTH(1), 'MFA challenge (push, SMS, OTP) sent'),
  def('user.mfa.challenge.verified', 'AUTHENTICATION', AUTH(1), 'MFA challenge answered correctly', 'SUCCESS'),
  def('user.authentication.failed', 'FAILURE', AUTH(1), 'Sign-in failed (wrong password, unknown user, blocked)', 'FAILURE'),
  def('user.mfa.challenge.denied', 'FAILURE', AUTH(1), 'MFA challenge denied or failed', 'FAILURE'),
  def('user.mfa.okta_verify.deny_push', 'FAILURE', AUTH(1), 'MFA push denied by the user (Okta Verify style)', 'FAILURE'),
  def('user.account.password_reset.failed', 'FAILURE', ACCOUNT_CHANGE(4), 'Password reset attempt failed', 'FAILURE'),
  def('user.account.password_reset.requested', 'SECURITY', ACCOUNT_CHANGE(4), 'Password reset requested'),
  def('user.account.password_reset.completed', 'SECURITY', ACCOUNT_CHANGE(4), 'Password reset completed', 'SUCCESS'),
  def('user.account.password.changed', 'SECURITY', ACCOUNT_CHANGE(3), 'Password changed by the customer'),
  def('user.account.lock', 'SECURITY', ACCOUNT_CHANGE(9), 'Account locked'),
  def('user.account.unlock', 'SECURITY', ACCOUNT_CHANGE(2), 'Account unlocked'),
  def('user.account.unlock.requested', 'SECURITY', ACCOUNT_CHANGE(2), 'Account unlock requested (self-service or helpdesk)'),
  def('user.account.unlock_token', 'SECURITY', ACCOUNT_CHANGE(2), 'Unlock token sent to the user (Okta self-service unlock)'),
  def('user.mfa.factor.activate', 'SECURITY', ACCOUNT_CHANGE(10), 'MFA factor enrolled'),
  def('user.mfa.factor.deactivate', 'SECURITY', ACCOUNT_CHANGE(11), 'MFA factor removed'),
  def('user.mfa.factor.reset_all', 'SECURITY', ACCOUNT_CHANGE(11), 'All MFA factors reset'),
  def('security.device.added', 'SECURITY', ACCOUNT_CHANGE(99), 'Device registered to the account'),
  def('security.device.removed', 'SECURITY', ACCOUNT_CHANGE(99), 'Device removed from the account'),
  def(
    'security.threat.detected',
    'SECURITY',
    { classUid: 2004, categoryUid: 2, activityId: 1 },
    'Threat reported by the identity provider',
  ),
  def('account.created', 'ACCOUNT_UPDATE', ACCOUNT_CHANGE(1), 'Account created'),
  def('account.closed', 'ACCOUNT_UPDATE', ACCOUNT_CHANGE(6), 'Account closed'),
  def('account.profile.updated', 'ACCOUNT_UPDATE', ACCOUNT_CHANGE(99), 'Profile fields changed'),
  def('account.contact.email_changed', 'ACCOUNT_UPDATE', ACCOUNT_CHANGE(99), 'Contact email changed'),
  def('account.contact.phone_changed', 'ACCOUNT_UPDATE', ACCOUNT_CHANGE(99), 'Contact phone changed'),
  def('account.contact.address_changed', 'ACCOUNT_UPDATE', ACCOUNT_CHANGE(99), 'Postal address changed'),
  def('account.preferences.updated', 'ACCOUNT_UPDATE', ACCOUNT_CHANGE(99), 'Preferences changed'),
  def('transaction.payment.created', 'TRANSACTION', API_ACTIVITY(1), 'Payment created'),
  def('transaction.payment.failed', 'TRANSACTION', API_ACTIVITY(1), 'Payment failed', 'FAILURE'),
  def('transaction.refund.created', 'TRANSACTION', API_ACTIVITY(1), 'Refund created'),
  def('transaction.payee.added', 'TRANSACTION', API_ACTIVITY(1), 'Payee added'),
  def('interaction.call.started', 'CUSTOMER_INTERACTION', BASE_EVENT, 'Phone call with the customer started'),
  def('interaction.call.ended', 'CUSTOMER_INTERACTION', BASE_EVENT, 'Phone call ended'),
  def('interaction.chat.opened', 'CUSTOMER_INTERACTION', BASE_EVENT, 'Chat opened'),
  def('interaction.chat.closed', 'CUSTOMER_INTERACTION', BASE_EVENT, 'Chat closed'),
  def('interaction.email.received', 'CUSTOMER_INTERACTION', BASE_EVENT, 'Email from the customer received'),
  def('interaction.email.sent', 'CUSTOMER_INTERACTION', BASE_EVENT, 'Email to the customer sent'),
  def('complaint.opened', 'COMPLAINT', BASE_EVENT, 'Complaint opened'),
  def('complaint.updated', 'COMPLAINT', BASE_EVENT, 'Complaint updated'),
  def('complaint.resolved', 'COMPLAINT', BASE_EVENT, 'Complaint resolved'),
  def('usage.feature.used', 'USAGE', WEB_RESOURCE(2), 'Product feature used'),
  def('usage.page.viewed', 'USAGE', WEB_RESOURCE(2), 'Page viewed'),
  // Recovery handled outside Vigil (the client's own helpdesk or self-service); Vigil's own cases log agent.action.*.
  def('recovery.case.opened', 'SECURITY', BASE_EVENT, 'Account recovery case opened by the client helpdesk or self-service'),
  def('recovery.verification.failed', 'FAILURE', BASE_EVENT, 'Identity verification failed during account recovery', 'FAILURE'),
  // Vigil-written (system.admin.*): the administrator actions recorded in the tenant's chain.
  ...ADMIN_ACTION_EVENT_TYPES,
];

/** Families: any well-formed suffix after the prefix is accepted and classified by the family. */
export const EVENT_TYPE_FAMILIES: readonly EventTypeDefinition[] = [
  def('agent.action.*', 'AGENT_ACTIVITY', API_ACTIVITY(99), 'Staff acted on the account (case steps, notes, changes)'),
  def('system.*', 'SYSTEM', BASE_EVENT, 'Emitted by Vigil itself (erasure, retention purge, administrator actions)'),
  def('integration.*', 'INTEGRATION', API_ACTIVITY(99), 'Third-party integration activity (app grants, API keys)'),
];

export const CUSTOM_TYPE_PREFIX = 'custom.';

/** Dotted lowercase segments; bounded so types stay indexable and readable. */
const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){1,7}$/;
export const MAX_EVENT_TYPE_LENGTH = 120;

export function isWellFormedEventType(type: string): boolean {
  return type.length <= MAX_EVENT_TYPE_LENGTH && EVENT_TYPE_PATTERN.test(type);
}

/** Checks a tenant's request to register `custom.*`; returns an error message or the definition. */
export function defineCustomEventType(
  type: string,
  category: ActivityCategory,
  description: string,
): { ok: true; definition: EventTypeDefinition } | { ok: false; message: string } {
  if (!type.startsWith(CUSTOM_TYPE_PREFIX) || !isWellFormedEventType(type)) {
    return {
      ok: false,
      message: `Custom event types are dotted lowercase names under "custom.", e.g. "custom.loyalty.points_redeemed"; got "${truncate(type)}".`,
    };
  }
  if (description.trim().length === 0 || description.length > 200) {
    return { ok: false, message: 'A custom event type needs a description of 1 to 200 characters.' };
  }
  return { ok: true, definition: { type, category, ocsf: BASE_EVENT, description: description.trim(), writer: 'CLIENT' } };
}

export function truncate(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
