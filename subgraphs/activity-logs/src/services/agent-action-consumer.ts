/**
 * recovery-cases → activity-logs: every agent action on a case becomes an `agent.action.<action>` event
 * in the same tenant chain. Idempotent: the action id is the event's idempotency key, so a redelivered
 * message returns the already-recorded event. Nothing is lost when this process dies before recording a
 * message: recovery-cases keeps each action until it finds that key in the chain, and re-sends it until then.
 */
import type { Logger } from 'pino';
import { agentActionIdempotencyKey, TOPICS, type AgentActionPayload, type BusSubscription, type EventBus } from '@vigil/core';
import { validateActivityEvent } from '../domain/activity-input.js';
import type { ActivityRecorder } from './activity-recorder.js';
import type { TenantSettingsService } from './tenant-settings.js';

export const AGENT_ACTION_CONSUMER_GROUP = 'activity-logs';

export async function consumeAgentActions(
  bus: EventBus,
  recorder: ActivityRecorder,
  settings: TenantSettingsService,
  logger: Logger,
): Promise<BusSubscription> {
  return bus.subscribe<AgentActionPayload>(TOPICS.agentAction, AGENT_ACTION_CONSUMER_GROUP, async (message) => {
    const action = message.payload;
    const taxonomy = await settings.taxonomyFor(action.tenantId);
    const result = validateActivityEvent(
      {
        accountId: action.accountId,
        type: `agent.action.${action.action}`,
        occurredAt: action.occurredAt,
        actorType: 'AGENT',
        actorId: action.agentId,
        metadata: { ...action.metadata, ...(action.caseId ? { caseId: action.caseId } : {}) },
        idempotencyKey: agentActionIdempotencyKey(action.actionId),
      },
      taxonomy,
    );
    if ('errors' in result) {
      // A malformed message would fail forever on redelivery: log what was wrong (no PII) and drop it.
      logger.error(
        { tenantId: action.tenantId, actionId: action.actionId, errors: result.errors },
        'dropped invalid agent.action message',
      );
      return;
    }
    await recorder.recordValid(action.tenantId, [result.event]);
  });
}
