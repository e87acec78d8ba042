/**
 * What activity-logs runs besides request handling, started and stopped by core (`startSubgraph`): the
 * agent.action and admin.action consumers, the checkpoint repair timer, the retention purge timer and the
 * outbox relay (re-publishes events committed but not yet on the bus).
 */
import type { Logger } from 'pino';
import { periodicTask, subscriptionTask, type BackgroundTask, type EventBus } from '@vigil/core';
import type { ActivityLogsConfig } from './config.js';
import { consumeAdminActions } from './adapters/events/admin-action-consumer.js';
import { consumeAgentActions } from './adapters/events/agent-action-consumer.js';
import type { ActivityRecorder } from './application/activity-recorder.js';
import type { CheckpointService } from './application/checkpoints.js';
import type { RetentionPurgeService } from './application/retention-purge.js';
import type { TenantSettingsService } from './application/tenant-settings.js';

export interface ActivityTaskDeps {
  readonly bus: EventBus;
  readonly recorder: ActivityRecorder;
  readonly settings: TenantSettingsService;
  readonly checkpoints: CheckpointService;
  readonly purge: RetentionPurgeService;
  readonly config: ActivityLogsConfig;
  readonly logger: Logger;
}

export function activityBackgroundTasks(deps: ActivityTaskDeps): BackgroundTask[] {
  const { bus, recorder, settings, checkpoints, purge, config, logger } = deps;
  return [
    subscriptionTask('agent-action-consumer', () => consumeAgentActions(bus, recorder, settings, logger)),
    subscriptionTask('admin-action-consumer', () => consumeAdminActions(bus, recorder, settings, logger)),
    periodicTask({
      name: 'checkpoint-repair',
      intervalMs: config.checkpointIntervalMs,
      run: () => checkpoints.checkpointAllTenants(),
      logger,
    }),
    // ACTIVITY_PURGE_INTERVAL_SECONDS=0 disables the timer: purge on demand only.
    ...(config.purgeIntervalMs > 0
      ? [
          periodicTask({
            name: 'retention-purge',
            intervalMs: config.purgeIntervalMs,
            run: () => purge.purgeAllTenants(),
            logger,
          }),
        ]
      : []),
    periodicTask({
      name: 'outbox-relay',
      intervalMs: config.outboxRelayIntervalMs,
      run: () => recorder.republishPending(),
      logger,
    }),
  ];
}
