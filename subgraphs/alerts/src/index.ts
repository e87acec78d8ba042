/**
 * @vigil/alerts — detection rules over the activity stream, the alert lifecycle, live alert subscriptions.
 *
 * Wiring (the stack, a service main, tests):
 *
 *   const connection = (await connectMongo(config, logger, { dbName: ALERTS_DB_NAME, uri })).connection;
 *   const alerts = await createAlertsSubgraph(deps);   // deps: SubgraphDeps { config, logger, connection, bus, pubsub }
 *   const { url } = await alerts.start(config.ALERTS_PORT); // also starts following the activity chain
 *   …
 *   await alerts.stop();                               // stops consuming, then the server
 *
 * `createAlertsSubgraph` returns a SubgraphServer (same shape as the other subgraphs) plus
 * `startDetection()` (consume without serving HTTP, e.g. a worker) and `detection.handle(payload)`
 * (run detection on one payload directly: tests, benches). Detection reads each tenant's activity chain
 * (database `vigil_activity_logs`, read-only) from the offsets of group `alerts-detection`, kept in this
 * subgraph's `consumer_offsets`; `activity.recorded` on the bus only wakes it up (ADR 030).
 *
 * Publishes `alert.raised` / `alert.updated` on the bus (TOPICS in @vigil/core) and `ALERT_RAISED` /
 * `ALERT_UPDATED` on the GraphQL PubSub. An alert is stored in MongoDB before it is published.
 */
import {
  createSubgraphServer,
  gatewayKeysFromConfig,
  metricsAccessFromConfig,
  MongoTenantReferences,
  OWNED_ENTITIES,
  type TenantReferences,
  type BusSubscription,
  type Environment,
  type OutboundAllowance,
  type SubgraphDeps,
  type SubgraphServer,
} from '@vigil/core';
import { loadAlertsConfig } from './config.js';
import { DetectionEngine } from './domain/detection-engine.js';
import { AccountAlertsResolver, AlertResolver } from './graphql/alert.resolver.js';
import { DetectionSettingsResolver } from './graphql/detection-settings.resolver.js';
import { createLoaders, type AlertsContext } from './graphql/loaders.js';
import { toAlert } from './graphql/mappers.js';
import { Account } from './graphql/types.js';
import { alertModel } from './models/alert.model.js';
import { alertSuppressionModel } from './models/alert-suppression.model.js';
import { detectionEventModel } from './models/detection-event.model.js';
import { detectionWatermarkModel } from './models/detection-watermark.model.js';
import { detectionSettingsModel } from './models/detection-settings.model.js';
import { AlertNotificationsResolver, NotificationResolver } from './graphql/notification.resolver.js';
import { notificationDeliveryModel } from './models/notification-delivery.model.js';
import { notificationJobModel } from './models/notification-job.model.js';
import { webhookEndpointModel } from './models/webhook-endpoint.model.js';
import { EmailAdapter, HttpProviderAdapter, WebhookAdapter, type ChannelAdapter } from './notifications/channel-adapters.js';
import { NotificationOutbox, type OutboxOptions } from './notifications/outbox.js';
import { AccountsRecipientDirectory, type RecipientDirectory } from './notifications/recipients.js';
import { permissions } from './permissions.js';
import { AlertsMetrics } from './metrics.js';
import { AccessRequestResolver } from './graphql/access-request.resolver.js';
import { accessRequestModel } from './models/access-request.model.js';
import { AccessRequestService } from './services/access-request-service.js';
import { EvidenceResolver } from './graphql/evidence.resolver.js';
import { AlertWorkflowResolver } from './graphql/alert-workflow.resolver.js';
import { knownCaseModel } from './models/known-case.model.js';
import { AlertWorkflow } from './services/alert-workflow.js';
import { CaseRegistry } from './services/case-registry.js';
import { SignedActivityChain, type ActivityChain } from './services/activity-chain-client.js';
import { EvidenceService } from './services/evidence-service.js';
import { AlertAnnouncer } from './services/alert-events.js';
import { AlertRaiser } from './services/alert-raiser.js';
import { AlertService } from './services/alert-service.js';
import { AuditedDetectionSettingsService, AuditedNotificationService } from './services/admin-audit.js';
import { DetectionConsumer } from './services/detection-consumer.js';
import { MongoDetectionHistory } from './services/mongo-detection-history.js';
import { RetentionSweeper } from './services/retention-sweeper.js';
import { TenantRuleSource } from './services/tenant-rule-source.js';

/** The MongoDB database the alerts subgraph owns. */
export const ALERTS_DB_NAME = 'vigil_alerts';

export interface AlertsSubgraph extends SubgraphServer {
  /** Subscribes the detection engine to `activity.recorded` (idempotent; `start` calls it). */
  startDetection(): Promise<void>;
  /** Runs detection on one payload directly (tests, benches); same path as a bus message. */
  readonly detection: DetectionConsumer;
  /** The notification outbox (`start` polls it; `drain()` sends what is due now). */
  readonly outbox: NotificationOutbox;
  stop(): Promise<void>;
}

export interface AlertsSubgraphOptions {
  /** Environment for the alerts config section (default process.env); see config.ts. */
  readonly env?: Environment;
  /** Where customer contact channels come from; default: the accounts subgraph at ALERTS_ACCOUNTS_URL. `null`: no customer notifications. */
  readonly recipients?: RecipientDirectory | null;
  /** Retry/backoff/rate-limit tuning of the notification outbox (tests shorten the backoff). */
  readonly outbox?: OutboxOptions;
  /** Which account ids are a tenant's (ADR 040). Default: read-only on the accounts subgraph's collection. */
  readonly accounts?: TenantReferences;
  /** Which recovery case ids are a tenant's (ADR 040). Default: read-only on the recovery-cases collection. */
  readonly recoveryCases?: TenantReferences;
  /**
   * The activity chain (records third-party access events, verifies evidence). Default: activity-logs over
   * signed GraphQL at ALERTS_ACTIVITY_LOGS_URL, else `activityLogsUrl()`, else 127.0.0.1:ACTIVITY_LOGS_PORT.
   */
  readonly activityChain?: ActivityChain;
  /** Where activity-logs listens when the stack knows it only after start (one process, ephemeral ports). */
  readonly activityLogsUrl?: () => string | undefined;
}

export async function createAlertsSubgraph(deps: SubgraphDeps, options: AlertsSubgraphOptions = {}): Promise<AlertsSubgraph> {
  const alertsConfig = loadAlertsConfig(options.env);
  const logger = deps.logger.child({ subgraph: 'alerts' });
  const alerts = alertModel(deps.connection);
  const suppressions = alertSuppressionModel(deps.connection);
  const detectionEvents = detectionEventModel(deps.connection);
  const watermarks = detectionWatermarkModel(deps.connection);
  const settings = detectionSettingsModel(deps.connection);
  const jobs = notificationJobModel(deps.connection);
  const deliveries = notificationDeliveryModel(deps.connection);
  const webhooks = webhookEndpointModel(deps.connection);
  await Promise.all([
    alerts.init(),
    suppressions.init(),
    detectionEvents.init(),
    settings.init(),
    deliveries.init(),
    webhooks.init(),
    jobs.init(),
  ]);

  const recipients =
    options.recipients !== undefined
      ? options.recipients
      : new AccountsRecipientDirectory(
          alertsConfig.ALERTS_ACCOUNTS_URL ?? `http://127.0.0.1:${deps.config.ACCOUNTS_PORT}/graphql`,
          deps.config.GATEWAY_SIGNING_KEY,
        );
  // Webhooks, providers and SMTP may not reach loopback / private / link-local addresses unless allowed (ADR 051).
  const outboundAllowance = alertsConfig.OUTBOUND_ALLOWED_NETWORKS;
  const email = alertsConfig.ALERTS_SMTP_URL
    ? new EmailAdapter(alertsConfig.ALERTS_SMTP_URL, alertsConfig.ALERTS_EMAIL_FROM, outboundAllowance)
    : undefined;
  const adapters: ChannelAdapter[] = [
    ...(email ? [email] : []),
    ...providerAdapter('SMS', alertsConfig.ALERTS_SMS_URL, alertsConfig.ALERTS_SMS_API_KEY, outboundAllowance),
    ...providerAdapter('VOICE', alertsConfig.ALERTS_VOICE_URL, alertsConfig.ALERTS_VOICE_API_KEY, outboundAllowance),
    ...providerAdapter('PUSH', alertsConfig.ALERTS_PUSH_URL, alertsConfig.ALERTS_PUSH_API_KEY, outboundAllowance),
    new WebhookAdapter((webhookId) => notifications.secretOf(webhookId), outboundAllowance),
  ];
  const outbox = new NotificationOutbox(jobs, deliveries, webhooks, recipients, adapters, logger, options.outbox);
  const notifications = new AuditedNotificationService(
    deliveries,
    webhooks,
    outbox,
    deps.config.NODE_ENV === 'production',
    outboundAllowance,
  ).auditTo(deps.bus);

  const activityChain =
    options.activityChain ??
    new SignedActivityChain(
      () =>
        alertsConfig.ALERTS_ACTIVITY_LOGS_URL ??
        options.activityLogsUrl?.() ??
        `http://127.0.0.1:${deps.config.ACTIVITY_LOGS_PORT}/graphql`,
      deps.config.GATEWAY_SIGNING_KEY,
    );
  const announcer = new AlertAnnouncer(deps.pubsub, deps.bus);
  const service = new AlertService(alerts);
  const caseRegistry = new CaseRegistry(knownCaseModel(deps.connection));
  const workflow = new AlertWorkflow(alerts, service, announcer, caseRegistry);
  const history = new MongoDetectionHistory(detectionEvents, alerts, watermarks);
  const ruleSource = new TenantRuleSource(settings);
  const engine = new DetectionEngine(history, (tenantId) => ruleSource.rulesFor(tenantId));
  const raiser = new AlertRaiser(
    alerts,
    suppressions,
    announcer,
    (alert) => outbox.enqueueForAlert(alert),
    (tenantId, eventIds) => history.evidence(tenantId, eventIds),
    logger,
  );
  const metrics = new AlertsMetrics(deps.connection, jobs, deliveries);
  const detection = new DetectionConsumer(deps.bus, deps.connection, engine, raiser, caseRegistry, logger, metrics);
  const sweeper = new RetentionSweeper(history, suppressions, logger);
  const accounts = options.accounts ?? new MongoTenantReferences(deps.connection, OWNED_ENTITIES.account);
  const recoveryCases = options.recoveryCases ?? new MongoTenantReferences(deps.connection, OWNED_ENTITIES.recoveryCase);

  const server = await createSubgraphServer<ReturnType<typeof createLoaders>>({
    name: 'alerts',
    logger: deps.logger,
    gatewayKeys: gatewayKeysFromConfig(deps.config),
    resolvers: [
      new AlertResolver(service, recoveryCases, workflow),
      new AlertWorkflowResolver(workflow),
      new AccountAlertsResolver(),
      new DetectionSettingsResolver(new AuditedDetectionSettingsService(settings, ruleSource, deps.bus), service),
      new NotificationResolver(notifications, accounts),
      new AlertNotificationsResolver(),
      new AccessRequestResolver(new AccessRequestService(accessRequestModel(deps.connection), activityChain), accounts),
      new EvidenceResolver(new EvidenceService(service, activityChain)),
    ],
    orphanedTypes: [Account],
    referenceResolvers: {
      Alert: async (reference, context: AlertsContext) => {
        const record = await context.loaders.alertById.load(String(reference.id));
        return record === null ? null : toAlert(record);
      },
      Account: (reference) => ({ id: String(reference.id) }),
    },
    permissions,
    createLoaders: (identity) => createLoaders(service, notifications, identity),
    pubsub: deps.pubsub,
    metrics: { ...metricsAccessFromConfig(deps.config), register: metrics.register },
  });

  let subscription: BusSubscription | undefined;
  const startDetection = async () => {
    if (subscription === undefined) subscription = await detection.start();
  };
  return {
    schema: server.schema,
    detection,
    startDetection,
    outbox,
    async start(port: number, host?: string) {
      await startDetection();
      outbox.start();
      sweeper.start();
      return server.start(port, host);
    },
    async stop() {
      await subscription?.close();
      subscription = undefined;
      sweeper.stop();
      await outbox.stop();
      email?.close();
      await server.stop();
    },
  };
}

function providerAdapter(
  channel: 'SMS' | 'VOICE' | 'PUSH',
  url: string | undefined,
  apiKey: string | undefined,
  allowance: OutboundAllowance,
): ChannelAdapter[] {
  return url && apiKey ? [new HttpProviderAdapter(channel, url, apiKey, allowance)] : [];
}

export { AccountsRecipientDirectory, type RecipientDirectory, type AlertRecipient } from './notifications/recipients.js';
export type { OutboxOptions } from './notifications/outbox.js';
export type { ActivityChain, ChainEventDraft, RecordedChainEvent } from './services/activity-chain-client.js';
