/**
 * The administrator actions Vigil records in a tenant's chain, as `system.admin.<action>` events: Vigil-written
 * (the `system.*` family is reserved), category SYSTEM, OCSF Entity Management (3004) with its create / update /
 * delete activity. Publishers use `publishAdminAction` (events/admin-actions.ts); activity-logs appends them.
 */
import type { EventTypeDefinition } from './event-type-definition.js';
import { ADMIN_ACTION_PREFIX } from './writers.js';

export const ADMIN_ACTIONS = {
  /** accounts: an agent was created with roles and tenants. */
  agentCreated: 'agent.created',
  /** accounts: an agent's roles, tenants or sign-in status changed (access granted or revoked). */
  agentAccessChanged: 'agent.access_changed',
  /** accounts: a tenant was created. */
  tenantCreated: 'tenant.created',
  /** accounts: a tenant's settings changed (lockout threshold, support hours…). */
  tenantSettingsChanged: 'tenant.settings_changed',
  /** alerts: detection rules (mode ALERT / AUDIT_ONLY / OFF, thresholds, windows) or the IP allowlist changed. */
  detectionSettingsChanged: 'detection.settings_changed',
  /** alerts: an alert webhook was registered. */
  webhookRegistered: 'webhook.registered',
  /** alerts: an alert webhook was deactivated. */
  webhookDeactivated: 'webhook.deactivated',
  /** recovery-cases: SLA targets or verification policy changed. */
  recoverySettingsChanged: 'recovery.settings_changed',
} as const;

export type AdminAction = (typeof ADMIN_ACTIONS)[keyof typeof ADMIN_ACTIONS];

const ACTIVITY = { created: 1, changed: 3, deactivated: 4 } as const;

function adminType(action: AdminAction, description: string): EventTypeDefinition {
  const verb = action.split('.').at(-1) ?? '';
  const activityId =
    verb === 'created' || verb === 'registered'
      ? ACTIVITY.created
      : verb === 'deactivated'
        ? ACTIVITY.deactivated
        : ACTIVITY.changed;
  return {
    type: `${ADMIN_ACTION_PREFIX}${action}`,
    category: 'SYSTEM',
    ocsf: { classUid: 3004, categoryUid: 3, activityId },
    description,
    writer: 'VIGIL',
  };
}

/** Built-in, Vigil-written event types of the administrator actions. */
export const ADMIN_ACTION_EVENT_TYPES: readonly EventTypeDefinition[] = [
  adminType(ADMIN_ACTIONS.agentCreated, 'An administrator created an agent (roles, tenant access)'),
  adminType(ADMIN_ACTIONS.agentAccessChanged, "An administrator changed an agent's roles, tenant access or status"),
  adminType(ADMIN_ACTIONS.tenantCreated, 'An administrator created a tenant'),
  adminType(ADMIN_ACTIONS.tenantSettingsChanged, "An administrator changed a tenant's settings (lockout threshold, hours)"),
  adminType(ADMIN_ACTIONS.detectionSettingsChanged, 'An administrator changed detection rules or the IP allowlist'),
  adminType(ADMIN_ACTIONS.webhookRegistered, 'An administrator registered an alert webhook'),
  adminType(ADMIN_ACTIONS.webhookDeactivated, 'An administrator deactivated an alert webhook'),
  adminType(ADMIN_ACTIONS.recoverySettingsChanged, 'An administrator changed SLA targets or the verification policy'),
];
