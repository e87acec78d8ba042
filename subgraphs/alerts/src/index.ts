/**
 * @vigil/alerts — detection rules over the activity stream, the alert lifecycle, live alert subscriptions.
 *
 * Wiring (the stack, a service main, tests):
 *
 *   const connection = (await connectMongo(config, logger, { dbName: ALERTS_DB_NAME, uri })).connection;
 *   const alerts = await createAlertsSubgraph(deps);   // deps: SubgraphDeps { config, logger, connection, bus, pubsub }
 *   const { url } = await alerts.start(config.ALERTS_PORT); // also starts consuming `activity.recorded`
 *   …
 *   await alerts.stop();                               // stops consuming, then the server
 *
 * `createAlertsSubgraph` returns a SubgraphServer (same shape as the other subgraphs) plus
 * `startDetection()` (consume without serving HTTP, e.g. a worker) and `detection.handle(payload)`
 * (run detection on one payload directly: tests, benches). The bus consumer group is `alerts-detection`.
 *
 * Publishes `alert.raised` / `alert.updated` on the bus (TOPICS in @vigil/core) and `ALERT_RAISED` /
 * `ALERT_UPDATED` on the GraphQL PubSub. An alert is stored in MongoDB before it is published.
 */
import { createSubgraphServer, type BusSubscription, type SubgraphDeps, type SubgraphServer } from '@vigil/core';
import { DetectionEngine } from './domain/detection-engine.js';
import { AccountAlertsResolver, AlertResolver } from './graphql/alert.resolver.js';
import { DetectionSettingsResolver } from './graphql/detection-settings.resolver.js';
import { createLoaders, type AlertsContext } from './graphql/loaders.js';
import { toAlert } from './graphql/mappers.js';
import { Account } from './graphql/types.js';
import { alertModel } from './models/alert.model.js';
import { alertSuppressionModel } from './models/alert-suppression.model.js';
import { detectionEventModel } from './models/detection-event.model.js';
import { detectionSettingsModel } from './models/detection-settings.model.js';
import { permissions } from './permissions.js';
import { AlertAnnouncer } from './services/alert-events.js';
import { AlertRaiser } from './services/alert-raiser.js';
import { AlertService } from './services/alert-service.js';
import { DetectionSettingsService } from './services/detection-settings-service.js';
import { DetectionConsumer } from './services/detection-consumer.js';
import { MongoDetectionHistory } from './services/mongo-detection-history.js';
import { TenantRuleSource } from './services/tenant-rule-source.js';

/** The MongoDB database the alerts subgraph owns. */
export const ALERTS_DB_NAME = 'vigil_alerts';

export interface AlertsSubgraph extends SubgraphServer {
  /** Subscribes the detection engine to `activity.recorded` (idempotent; `start` calls it). */
  startDetection(): Promise<void>;
  /** Runs detection on one payload directly (tests, benches); same path as a bus message. */
  readonly detection: DetectionConsumer;
  stop(): Promise<void>;
}

export async function createAlertsSubgraph(deps: SubgraphDeps): Promise<AlertsSubgraph> {
  const logger = deps.logger.child({ subgraph: 'alerts' });
  const alerts = alertModel(deps.connection);
  const suppressions = alertSuppressionModel(deps.connection);
  const detectionEvents = detectionEventModel(deps.connection);
  const settings = detectionSettingsModel(deps.connection);
  await Promise.all([alerts.init(), suppressions.init(), detectionEvents.init(), settings.init()]);

  const announcer = new AlertAnnouncer(deps.pubsub, deps.bus);
  const service = new AlertService(alerts, announcer);
  const history = new MongoDetectionHistory(detectionEvents, alerts);
  const ruleSource = new TenantRuleSource(settings);
  const engine = new DetectionEngine(history, (tenantId) => ruleSource.rulesFor(tenantId));
  const raiser = new AlertRaiser(alerts, suppressions, announcer, async () => undefined, logger);
  const detection = new DetectionConsumer(deps.bus, engine, raiser, logger);

  const server = await createSubgraphServer<ReturnType<typeof createLoaders>>({
    name: 'alerts',
    logger: deps.logger,
    signingSecret: deps.config.GATEWAY_SIGNING_SECRET,
    resolvers: [new AlertResolver(service), new AccountAlertsResolver(), new DetectionSettingsResolver(new DetectionSettingsService(settings, ruleSource), service)],
    orphanedTypes: [Account],
    referenceResolvers: {
      Alert: async (reference, context: AlertsContext) => {
        const record = await context.loaders.alertById.load(String(reference.id));
        return record === null ? null : toAlert(record);
      },
      Account: (reference) => ({ id: String(reference.id) }),
    },
    permissions,
    createLoaders: (identity) => createLoaders(service, identity),
    pubsub: deps.pubsub,
  });

  let subscription: BusSubscription | undefined;
  const startDetection = async () => {
    if (subscription === undefined) subscription = await detection.start();
  };
  return {
    schema: server.schema,
    detection,
    startDetection,
    async start(port: number, host?: string) {
      await startDetection();
      return server.start(port, host);
    },
    async stop() {
      await subscription?.close();
      subscription = undefined;
      await server.stop();
    },
  };
}
