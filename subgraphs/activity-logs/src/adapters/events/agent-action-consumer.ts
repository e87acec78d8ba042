/**
 * recovery-cases, accounts → activity-logs: every agent action on a case, and every staff change to an account
 * (ADR 141), becomes an `agent.action.<action>` event in the same tenant chain — the only way such events enter it
 * (clients are refused the family). Idempotent: the action id is the event's idempotency key, so a redelivered
 * message returns the already-recorded event. Nothing is lost when this process dies before recording a message:
 * the sender keeps each action until it finds that key in the chain, and re-sends it until then.
 */
import type { Logger } from 'pino';
import {
  AGENT_ACTION_PREFIX,
  agentActionIdempotencyKey,
  TOPICS,
  type AgentActionPayload,
  type BusSubscription,
  type EventBus,
} from '@vigil/core';
import type { ActivityRecorder } from '../../application/activity-recorder.js';
import type { TenantSettingsService } from '../../application/tenant-settings.js';
import { consumeVigilEvents, type VigilEventSource } from './vigil-event-consumer.js';
import { VIGIL_RECORDERS } from '../../application/vigil-recorders.js';

export const AGENT_ACTION_CONSUMER_GROUP = 'activity-logs';

export const AGENT_ACTIONS_SOURCE: VigilEventSource<AgentActionPayload> = {
  topic: TOPICS.agentAction,
  consumerGroup: AGENT_ACTION_CONSUMER_GROUP,
  family: AGENT_ACTION_PREFIX,
  recordedBy: VIGIL_RECORDERS.agentActions,
  toEvent: (action) => ({
    tenantId: action.tenantId,
    logContext: { actionId: action.actionId },
    draft: {
      accountId: action.accountId,
      type: `${AGENT_ACTION_PREFIX}${action.action}`,
      occurredAt: action.occurredAt,
      actorType: 'AGENT',
      actorId: action.agentId,
      metadata: { ...action.metadata, ...(action.caseId ? { caseId: action.caseId } : {}) },
      idempotencyKey: agentActionIdempotencyKey(action.actionId),
    },
  }),
};

export async function consumeAgentActions(
  bus: EventBus,
  recorder: ActivityRecorder,
  settings: TenantSettingsService,
  logger: Logger,
): Promise<BusSubscription> {
  return consumeVigilEvents(bus, AGENT_ACTIONS_SOURCE, recorder, settings, logger);
}
