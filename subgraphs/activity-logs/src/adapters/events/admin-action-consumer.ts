/**
 * accounts / alerts / recovery-cases → activity-logs: every administrator action that changes access or
 * detection becomes a `system.admin.<action>` event in the tenant's chain, written by Vigil (clients are refused
 * the family). The event is not about a customer account: it is filed under the tenant's administration
 * pseudo-account `vigil:admin`. Idempotent on the action id, like agent actions.
 */
import type { Logger } from 'pino';
import {
  ADMIN_ACTION_KEY_PREFIX,
  ADMIN_ACTION_PREFIX,
  TOPICS,
  type AdminActionPayload,
  type AdminSummary,
  type BusSubscription,
  type EventBus,
} from '@vigil/core';
import type { ActivityRecorder } from '../../application/activity-recorder.js';
import type { TenantSettingsService } from '../../application/tenant-settings.js';
import { consumeVigilEvents, type VigilEventSource } from './vigil-event-consumer.js';
import { VIGIL_RECORDERS } from '../../application/vigil-recorders.js';

export const ADMIN_ACTION_CONSUMER_GROUP = 'activity-logs-admin';
/** The account id administrator events are filed under in a tenant's timeline. */
export const ADMIN_ACCOUNT_ID = 'vigil:admin';

/** `{ roles: [...] }` before / after → `before_roles`, `after_roles`: activity metadata is flat. */
function flatten(prefix: string, summary: AdminSummary | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(summary ?? {}).map(([key, value]) => [`${prefix}_${key}`, value]));
}

export const ADMIN_ACTIONS_SOURCE: VigilEventSource<AdminActionPayload> = {
  topic: TOPICS.adminAction,
  consumerGroup: ADMIN_ACTION_CONSUMER_GROUP,
  family: ADMIN_ACTION_PREFIX,
  recordedBy: VIGIL_RECORDERS.adminActions,
  toEvent: (action) => ({
    tenantId: action.tenantId,
    logContext: { actionId: action.actionId, action: action.action },
    draft: {
      accountId: ADMIN_ACCOUNT_ID,
      type: `${ADMIN_ACTION_PREFIX}${action.action}`,
      occurredAt: action.occurredAt,
      actorType: 'AGENT',
      actorId: action.actorId,
      metadata: {
        targetType: action.target?.type,
        targetId: action.target?.id,
        ...flatten('before', action.before),
        ...flatten('after', action.after),
      },
      idempotencyKey: `${ADMIN_ACTION_KEY_PREFIX}${action.actionId}`,
    },
  }),
};

export async function consumeAdminActions(
  bus: EventBus,
  recorder: ActivityRecorder,
  settings: TenantSettingsService,
  logger: Logger,
): Promise<BusSubscription> {
  return consumeVigilEvents(bus, ADMIN_ACTIONS_SOURCE, recorder, settings, logger);
}
