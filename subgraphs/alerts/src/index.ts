/**
 * @vigil/alerts — detection rules over the activity stream, the alert lifecycle, live alert subscriptions,
 * customer and webhook notifications.
 *
 * `alertsModule` describes the subgraph (ADR 012); `createAlertsSubgraph(deps, options)` starts it through core's
 * `startSubgraph`: the server plus its background tasks (SMTP pool, notification delivery, detection consumer,
 * retention sweep), which `stop()` stops newest-first before draining the server.
 *
 * Detection reads each tenant's activity chain (database `vigil_activity_logs`, read-only) from the offsets of
 * group `alerts-detection`, kept in this subgraph's `consumer_offsets`; `activity.recorded` on the bus only wakes
 * it up. Publishes `alert.raised` / `alert.updated` on the bus and `ALERT_RAISED` / `ALERT_UPDATED` on the
 * GraphQL PubSub. An alert is stored in MongoDB before it is published.
 */
import {
  metricsAccessFromConfig,
  MongoTenantReferences,
  OWNED_ENTITIES,
  periodicTask,
  startSubgraph,
  type SubgraphAssembly,
  type SubgraphDeps,
  type SubgraphModule,
  type SubgraphServer,
} from '@vigil/core';
import { AccountsRecipientDirectory } from './adapters/accounts-recipients.js';
import { SignedActivityChain } from './adapters/activity-chain-client.js';
import { BusAlertAnnouncer } from './adapters/events/alert-events.js';
import { DetectionConsumer } from './adapters/events/detection-consumer.js';
import { CaseRegistry } from './adapters/mongo/case-registry.js';
import { MongoAccessRequestStore } from './adapters/mongo/access-request-store.js';
import { alertsModels } from './adapters/mongo/models.js';
import { WindowCache } from './domain/window-cache.js';
import { foldWatermarks } from './adapters/mongo/fold-watermarks.js';
import { MongoDetectionHistory } from './adapters/mongo/mongo-detection-history.js';
import { MongoDetectionSettingsStore } from './adapters/mongo/detection-settings-store.js';
import { MongoAlertStore } from './adapters/mongo/mongo-alert-store.js';
import { MongoAlertRedactions } from './adapters/mongo/mongo-alert-redactions.js';
import { MongoDeliveryErasure } from './adapters/mongo/mongo-delivery-erasure.js';
import { MongoDeliveryRetention } from './adapters/mongo/mongo-delivery-retention.js';
import { suppressionWindows } from './adapters/mongo/alert-suppression.model.js';
import { TenantRuleCache } from './application/tenant-rule-cache.js';
import { AccessRequestService } from './application/access-request-service.js';
import { AuditedDetectionSettingsService } from './application/admin-audit.js';
import { AlertRaiser } from './application/alert-raiser.js';
import { AlertService } from './application/alert-service.js';
import { AlertWorkflow } from './application/alert-workflow.js';
import { EvidenceService } from './application/evidence-service.js';
import type { DeliveryWorker } from './application/notifications/delivery-worker.js';
import { DeliveryRetentionSweeper } from './application/notifications/delivery-retention-sweep.js';
import { RetentionSweeper } from './application/retention-sweep.js';
import { DetectionEngine } from './domain/detection-engine.js';
import { createLoaders, type AlertLoaders } from './graphql/loaders/loaders.js';
import { alertResolvers, referenceResolvers } from './graphql/resolvers/index.js';
import { Account } from './graphql/types/alert.types.js';
import { ALERTS_DB_NAME, loadAlertsConfig, type AlertsSubgraphOptions } from './config.js';
import { assembleNotifications } from './adapters/notifications.js';
import { AlertsMetrics } from './metrics.js';
import { permissions } from './permissions.js';

/** How often rule state past its lookback is purged (every instance; deletes are idempotent). */
const RETENTION_SWEEP_MS = 3_600_000;

export interface AlertsSubgraph extends SubgraphServer {
  /** Runs detection on one payload directly (tests, benches), and `idle()`: the chain consumer's own path. */
  readonly detection: DetectionConsumer;
  /** The notification worker: `drain()` sends what is due now (the delivery task also polls it). */
  readonly outbox: Pick<DeliveryWorker, 'drain'>;
  /** The delivery retention sweep: `sweep()` runs one pass now (the `delivery-retention` task runs one hourly). */
  readonly deliveryRetention: Pick<DeliveryRetentionSweeper, 'sweep'>;
}

/** What `create` builds: the server's parts and tasks, plus the handles tests and benches drive directly. */
interface AlertsAssembly {
  readonly server: SubgraphAssembly<AlertLoaders>;
  readonly detection: DetectionConsumer;
  readonly worker: DeliveryWorker;
  readonly deliveryRetention: DeliveryRetentionSweeper;
}

/** The composition root: models, adapters, use cases, resolvers and background tasks. Nothing runs yet. */
async function assembleAlerts(deps: SubgraphDeps, options: AlertsSubgraphOptions): Promise<AlertsAssembly> {
  const config = loadAlertsConfig(options.env);
  const logger = deps.logger.child({ subgraph: 'alerts' });
  const models = await alertsModels(deps.connection);
  const recipients =
    options.recipients !== undefined
      ? options.recipients
      : new AccountsRecipientDirectory(
          config.ALERTS_ACCOUNTS_URL ?? `http://127.0.0.1:${deps.config.ACCOUNTS_PORT}/graphql`,
          deps.config.GATEWAY_SIGNING_KEY,
        );
  const notifications = assembleNotifications({ deps, config, models, recipients, logger, tuning: options.outbox });
  const activityChain =
    options.activityChain ??
    new SignedActivityChain(
      () =>
        config.ALERTS_ACTIVITY_LOGS_URL ??
        options.activityLogsUrl?.() ??
        `http://127.0.0.1:${deps.config.ACTIVITY_LOGS_PORT}/graphql`,
      deps.config.GATEWAY_SIGNING_KEY,
    );
  const announcer = new BusAlertAnnouncer(deps.pubsub, deps.bus);
  const alertStore = new MongoAlertStore(models.alerts);
  const service = new AlertService(alertStore);
  const caseRegistry = new CaseRegistry(models.knownCases);
  const metrics = new AlertsMetrics(deps.connection, models.jobs, models.deliveries);
  // Before detection follows the chain: the watermarks now live beside the recording counts (ADR 162).
  await foldWatermarks(models.watermarks, models.recordings);
  const store = new MongoDetectionHistory(models.detectionEvents, models.alerts, models.recordings);
  const history =
    config.ALERTS_WINDOW_CACHE_EVENTS > 0 ? new WindowCache(store, config.ALERTS_WINDOW_CACHE_EVENTS, metrics) : store;
  const settingsStore = new MongoDetectionSettingsStore(models.settings);
  const ruleSource = new TenantRuleCache(settingsStore);
  const engine = new DetectionEngine(history, (tenantId) => ruleSource.rulesFor(tenantId));
  const raiser = new AlertRaiser(
    models.alerts,
    models.suppressions,
    announcer,
    (alerts) => notifications.outbox.enqueueForAlerts(alerts),
    (tenantId, eventIds) => history.evidence(tenantId, eventIds),
    logger,
  );
  const redactions = new MongoAlertRedactions(models);
  const deliveryErasure = new MongoDeliveryErasure(models.deliveries);
  const deliveryRetention = new MongoDeliveryRetention(models.deliveries, models.deliveryRetention);
  const detection = new DetectionConsumer(
    deps.bus,
    deps.connection,
    engine,
    raiser,
    caseRegistry,
    history,
    redactions,
    {
      eraseAccount: (tenantId, accountId) => deliveryErasure.eraseAccount(tenantId, accountId),
      followPurge: (tenantId, before) => deliveryRetention.followPurge(tenantId, before),
    },
    logger,
    metrics,
    options.waitForDelivery,
  );
  const sweeper = new RetentionSweeper(history, suppressionWindows(models.suppressions));
  const retention = periodicTask({ name: 'retention-sweep', intervalMs: RETENTION_SWEEP_MS, run: () => sweeper.sweep(), logger });
  // Customer deliveries lose their addresses past the tenant's retention (ADR 146), a bounded batch a pass.
  const deliverySweeper = new DeliveryRetentionSweeper(deliveryRetention, config.ALERTS_DELIVERY_RETENTION_DAYS);
  const deliveryTask = periodicTask({
    name: 'delivery-retention',
    intervalMs: RETENTION_SWEEP_MS,
    run: () => deliverySweeper.sweep(),
    logger,
  });
  return {
    detection,
    worker: notifications.worker,
    deliveryRetention: deliverySweeper,
    server: {
      resolvers: alertResolvers({
        alerts: service,
        workflow: new AlertWorkflow(
          alertStore,
          service,
          announcer,
          caseRegistry,
          options.agents ?? new MongoTenantReferences(deps.connection, OWNED_ENTITIES.agent),
        ),
        accounts: options.accounts ?? new MongoTenantReferences(deps.connection, OWNED_ENTITIES.account),
        recoveryCases: options.recoveryCases ?? new MongoTenantReferences(deps.connection, OWNED_ENTITIES.recoveryCase),
        settings: new AuditedDetectionSettingsService(settingsStore, ruleSource, deps.bus),
        notifications: notifications.service,
        accessRequests: new AccessRequestService(new MongoAccessRequestStore(models.accessRequests), activityChain),
        evidence: new EvidenceService(service, activityChain),
      }),
      orphanedTypes: [Account],
      referenceResolvers,
      permissions,
      createLoaders: (identity) => createLoaders(service, notifications.service, identity),
      pubsub: deps.pubsub,
      metrics: { ...metricsAccessFromConfig(deps.config), register: metrics.register },
      // Started in this order, stopped in reverse: detection stops before the delivery worker, SMTP closes last.
      backgroundTasks: [...notifications.tasks, detection, retention, deliveryTask],
    },
  };
}

/** The alerts subgraph with the given options; `built` receives the assembly (createAlertsSubgraph's handles). */
export function alertsModuleWith(
  options: AlertsSubgraphOptions,
  built?: (assembly: AlertsAssembly) => void,
): SubgraphModule<AlertLoaders> {
  return {
    name: 'alerts',
    dbName: ALERTS_DB_NAME,
    async create(deps) {
      const assembly = await assembleAlerts(deps, options);
      built?.(assembly);
      return assembly.server;
    },
  };
}

/** The alerts subgraph with its defaults (configuration from `process.env`). */
export const alertsModule: SubgraphModule<AlertLoaders> = alertsModuleWith({});

export async function createAlertsSubgraph(deps: SubgraphDeps, options: AlertsSubgraphOptions = {}): Promise<AlertsSubgraph> {
  let assembly: AlertsAssembly | undefined;
  const module = alertsModuleWith(options, (built) => {
    assembly = built;
  });
  const server = await startSubgraph(module, deps);
  const { detection, worker, deliveryRetention } = assembly as AlertsAssembly;
  return { ...server, detection, outbox: worker, deliveryRetention };
}

export { ALERTS_DB_NAME, type AlertsSubgraphOptions } from './config.js';
export { AccountsRecipientDirectory } from './adapters/accounts-recipients.js';
export type { OutboxOptions } from './application/notifications/outbox.js';
export type {
  ActivityChain,
  AlertRecipient,
  ChainEventDraft,
  RecipientDirectory,
  RecordedChainEvent,
} from './application/ports.js';
