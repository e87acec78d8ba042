/**
 * What runs besides request handling: the agent.action and admin.action consumers, the checkpoint timer, the retention
 * purge timer and the outbox relay (re-publishes events committed but not yet on the bus).
 */
import type { Logger } from 'pino';
import type { BusSubscription, EventBus } from '@vigil/core';
import type { ActivityLogsConfig } from '../config.js';
import type { ActivityRecorder } from './activity-recorder.js';
import { consumeAdminActions } from './admin-action-consumer.js';
import { consumeAgentActions } from './agent-action-consumer.js';
import type { CheckpointService } from './checkpoints.js';
import type { RetentionPurgeService } from './retention-purge.js';
import type { TenantSettingsService } from './tenant-settings.js';

const OUTBOX_RELAY_INTERVAL_MS = 10_000;

export class BackgroundJobs {
  private subscription: BusSubscription | undefined;
  private adminSubscription: BusSubscription | undefined;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly deps: {
      readonly bus: EventBus;
      readonly recorder: ActivityRecorder;
      readonly settings: TenantSettingsService;
      readonly checkpoints: CheckpointService;
      readonly purge: RetentionPurgeService;
      readonly config: ActivityLogsConfig;
      readonly logger: Logger;
    },
  ) {}

  async start(): Promise<void> {
    if (this.subscription) return;
    const { bus, recorder, settings, checkpoints, purge, config, logger } = this.deps;
    this.subscription = await consumeAgentActions(bus, recorder, settings, logger);
    this.adminSubscription = await consumeAdminActions(bus, recorder, settings, logger);
    this.every(config.checkpointIntervalMs, 'checkpoint', () => checkpoints.checkpointAllTenants());
    if (config.purgeIntervalMs > 0) this.every(config.purgeIntervalMs, 'retention purge', () => purge.purgeAllTenants());
    this.every(OUTBOX_RELAY_INTERVAL_MS, 'outbox relay', () => recorder.republishPending());
  }

  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await this.subscription?.close();
    await this.adminSubscription?.close();
    this.subscription = undefined;
    this.adminSubscription = undefined;
  }

  private every(intervalMs: number, name: string, job: () => Promise<unknown>): void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return; // a slow run is never overlapped by the next tick
      running = true;
      job()
        .catch((err: unknown) => this.deps.logger.error({ err, job: name }, 'background job failed'))
        .finally(() => {
          running = false;
        });
    }, intervalMs);
    timer.unref();
    this.timers.push(timer);
  }
}
