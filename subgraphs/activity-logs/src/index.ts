/**
 * Composition root of the activity-logs subgraph: ingestion, event taxonomy, chain integrity, timeline,
 * statistics, retention, erasure, exports and the live timeline.
 *
 * For the stack / a service main:
 *   const subgraph = await createActivityLogsSubgraph(deps);   // deps.connection → database `vigil_activity_logs`
 *   await subgraph.start(port);      // GraphQL + graphql-ws on /graphql, AND the background jobs:
 *                                    //   agent.action consumer (group `activity-logs`), checkpoint timer,
 *                                    //   retention purge timer, outbox relay
 *   await subgraph.stop();           // stops jobs, then the server
 *   subgraph.jobs.start() / stop()   // the jobs alone, when only `schema` is used in-process
 *   subgraph.services                // recorder, queries, verification, … (benches and tests)
 *   subgraph.httpPaths               // ['/activity/events', '/activity/export', '/activity/signing-keys'], served on the same port as
 *                                    // plain HTTP (NDJSON ingest, INGEST; NDJSON / ECS / CSV export, streamed;
 *                                    // AUDITOR, ADMIN, SECURITY_ANALYST): list them as this subgraph's
 *                                    // `httpRoutes` in the gateway, which authenticates and signs them
 *
 * Publishes `activity.recorded` (TOPICS.activityRecorded) after each event is committed, dedupeKey = event id.
 * Env (besides core's): ACTIVITY_SIGNING_KEY (Ed25519, required in production), ACTIVITY_SIGNING_KEY_ID,
 * ACTIVITY_SIGNING_PREVIOUS_KEYS, ACTIVITY_CHECKPOINT_INTERVAL_SECONDS, ACTIVITY_PURGE_INTERVAL_SECONDS
 * (see src/config.ts).
 */
import 'reflect-metadata';
import {
  ACTIVITY_CHAIN,
  createSubgraphServer,
  metricsAccessFromConfig,
  gatewayKeysFromConfig,
  hasRole,
  type Environment,
  type SubgraphDeps,
  type SubgraphServer,
  MongoTenantReferences,
  OWNED_ENTITIES,
  type TenantReferences,
} from '@vigil/core';
import { loadActivityLogsConfig } from './config.js';
import { createActivityHttpRoutes } from './http/activity-http-api.js';
import { AccountActivityResolver } from './graphql/account-activity.resolver.js';
import { ActivityResolver } from './graphql/activity.resolver.js';
import { createActivityLoaders, EVENT_READER_ROLES, present, type ActivityContext } from './graphql/context.js';
import { GovernanceResolver } from './graphql/governance.resolver.js';
import { IntegrityResolver } from './graphql/integrity.resolver.js';
import { StatsResolver } from './graphql/stats.resolver.js';
import { ActivitySubscriptionResolver } from './graphql/subscription.resolver.js';
import { Account } from './graphql/types.js';
import { activityModels, type ActivityModels } from './models/index.js';
import { permissions } from './permissions.js';
import { ActivityQueries } from './services/activity-queries.js';
import { ActivityExportService } from './services/activity-export.js';
import { ActivityRecorder, type ActivityRecorderDeps } from './services/activity-recorder.js';
import { ActivityStatsService } from './services/activity-stats.js';
import { BackgroundJobs } from './services/background-jobs.js';
import { ChainExportService } from './services/chain-export.js';
import { ChainVerificationService } from './services/chain-verification.js';
import { CheckpointService } from './services/checkpoints.js';
import { ErasureService } from './services/erasure.js';
import { RetentionPurgeService } from './services/retention-purge.js';
import { TenantLock } from './services/tenant-lock.js';
import { TenantSettingsService } from './services/tenant-settings.js';
import { activityLogsMetrics } from './metrics.js';

export { ACTIVITY_RECORDED_CHANNEL } from './services/activity-recorder.js';
export { MAX_BATCH_SIZE } from './domain/activity-input.js';
export type { ActivityModels } from './models/index.js';
export { ACTIVITY_EVENTS_PATH, ACTIVITY_EXPORT_PATH, ACTIVITY_SIGNING_KEYS_PATH } from './http/activity-http-api.js';

/** The database the activity-logs subgraph owns. */
export const ACTIVITY_LOGS_DB_NAME = ACTIVITY_CHAIN.dbName;

export interface ActivityLogsServices {
  readonly models: ActivityModels;
  readonly recorder: ActivityRecorder;
  /** What the recorder was built with (tests build a second recorder, as another process would have). */
  readonly recorderDeps: ActivityRecorderDeps;
  readonly queries: ActivityQueries;
  readonly verification: ChainVerificationService;
  readonly checkpoints: CheckpointService;
  readonly settings: TenantSettingsService;
  readonly stats: ActivityStatsService;
  readonly erasure: ErasureService;
  readonly purge: RetentionPurgeService;
  readonly exporter: ActivityExportService;
}

export interface ActivityLogsSubgraph extends SubgraphServer {
  readonly services: ActivityLogsServices;
  readonly jobs: BackgroundJobs;
  /** `/activity/events` and `/activity/export`: the gateway proxies them to this subgraph (its `httpRoutes`). */
  readonly httpPaths: readonly string[];
}

export interface ActivityLogsOptions {
  /** Environment for this subgraph's own variables (default process.env). */
  readonly env?: Environment;
  /**
   * Which account ids are a tenant's: every account id a mutation or ingested line names must be (ADR 040).
   * Default: read-only on the accounts subgraph's `accounts` collection on the same MongoDB deployment.
   */
  readonly accounts?: TenantReferences;
}

export async function createActivityLogsSubgraph(
  deps: SubgraphDeps,
  options: ActivityLogsOptions = {},
): Promise<ActivityLogsSubgraph> {
  const config = loadActivityLogsConfig(deps.config, options.env);
  const logger = deps.logger.child({ subgraph: 'activity-logs' });
  const models = await activityModels(deps.connection);
  const settings = new TenantSettingsService(models.tenantSettings);
  const checkpoints = new CheckpointService(models, config, logger);
  const recorderDeps = { models, settings, checkpoints, lock: new TenantLock(), bus: deps.bus, pubsub: deps.pubsub, logger };
  const recorder = new ActivityRecorder(recorderDeps);
  const queries = new ActivityQueries(models);
  // An event outside every signed head longer than the repair job's period (plus a minute) is a finding.
  const verification = new ChainVerificationService(models, checkpoints, config.checkpointIntervalMs + 60_000);
  const stats = new ActivityStatsService(models);
  const erasure = new ErasureService(models, recorder);
  const purge = new RetentionPurgeService(models, settings, checkpoints, recorder, logger);
  const exporter = new ActivityExportService(models);
  const chainExporter = new ChainExportService(models, checkpoints);
  const accounts = options.accounts ?? new MongoTenantReferences(deps.connection, OWNED_ENTITIES.account);
  const jobs = new BackgroundJobs({ bus: deps.bus, recorder, settings, checkpoints, purge, config, logger });

  const server = await createSubgraphServer({
    name: 'activity-logs',
    logger: deps.logger,
    gatewayKeys: gatewayKeysFromConfig(deps.config),
    resolvers: [
      new ActivityResolver(recorder, queries, settings, accounts),
      new AccountActivityResolver(queries),
      new IntegrityResolver(verification, checkpoints),
      new GovernanceResolver(settings, erasure, purge, accounts),
      new StatsResolver(stats),
      new ActivitySubscriptionResolver(),
    ],
    referenceResolvers: {
      Account: (reference) => ({ id: String(reference.id) }),
      ActivityEvent: async (reference, context: ActivityContext) => {
        // _entities is open to every verified caller (federation needs it): only event readers get events.
        if (!hasRole(context.identity, ...EVENT_READER_ROLES)) return null;
        const event = await context.loaders.eventById.load(String(reference.id));
        return event ? present(event, context.identity) : null;
      },
    },
    // Account is only reachable through _entities (it extends the accounts subgraph's entity).
    orphanedTypes: [Account],
    permissions,
    createLoaders: (identity) => createActivityLoaders(queries, identity),
    pubsub: deps.pubsub,
    metrics: { ...metricsAccessFromConfig(deps.config), register: activityLogsMetrics(deps.connection, models.outbox) },
    httpRoutes: createActivityHttpRoutes({ models, recorder, settings, exporter, chainExporter, checkpoints, accounts }),
  });

  return {
    schema: server.schema,
    services: { models, recorder, recorderDeps, queries, verification, checkpoints, settings, stats, erasure, purge, exporter },
    jobs,
    httpPaths: server.httpPaths ?? [],
    async start(port, host) {
      const started = await server.start(port, host);
      await jobs.start();
      return started;
    },
    async stop() {
      await jobs.stop();
      await server.stop();
    },
  };
}
