/**
 * Builds activity-logs from its dependencies: stores, use cases, resolvers, HTTP routes and background tasks.
 * Nothing runs here; core's `startSubgraph` starts the tasks and the server.
 */
import {
  hasRole,
  metricsAccessFromConfig,
  MongoTenantReferences,
  OWNED_ENTITIES,
  ROLE_GROUPS,
  type Environment,
  type SubgraphAssembly,
  type SubgraphDeps,
  type TenantReferences,
} from '@vigil/core';
import { lookupEnricher } from './adapters/enrichment.js';
import { ActivityPublisher } from './adapters/events/activity-publisher.js';
import { MongoAccountKeys } from './adapters/mongo/account-key-store.js';
import { MongoEventChain } from './adapters/mongo/event-chain-store.js';
import { activityModels, type ActivityModels } from './adapters/mongo/index.js';
import { tenantSettingsStore } from './adapters/mongo/tenant-settings-store.js';
import { ActivityExportService } from './application/activity-export.js';
import { ActivityQueries } from './application/activity-queries.js';
import { ActivityRecorder, type ActivityRecorderDeps } from './application/activity-recorder.js';
import { ActivityStatsService } from './application/activity-stats.js';
import { ChainExportService } from './application/chain-export.js';
import { ChainVerificationService } from './application/chain-verification.js';
import { CheckpointService } from './application/checkpoints.js';
import { ErasureService } from './application/erasure.js';
import { EventReview } from './application/event-review.js';
import { RetentionPurgeService } from './application/retention-purge.js';
import { RetentionSettings } from './application/retention-settings.js';
import { TenantSettingsService } from './application/tenant-settings.js';
import { activityBackgroundTasks } from './background-tasks.js';
import { loadActivityLogsConfig } from './config.js';
import { activityLogsMetrics } from './metrics.js';
import { createActivityLoaders, type ActivityLoaders, type ActivityContext } from './graphql/loaders/activity-loaders.js';
import { present } from './graphql/mappers/activity-event.mapper.js';
import { activityResolvers } from './graphql/resolvers/index.js';
import { Account } from './graphql/types/index.js';
import { createActivityHttpRoutes } from './http/activity-http-api.js';
import { permissions } from './permissions.js';

export interface ActivityLogsOptions {
  /** Environment for this subgraph's own variables (default process.env). */
  readonly env?: Environment;
  /**
   * Which account ids are a tenant's: every account id a mutation or ingested line names must be (ADR 040).
   * Default: read-only on the accounts subgraph's `accounts` collection on the same MongoDB deployment.
   */
  readonly accounts?: TenantReferences;
}

/** The use cases, for benches and tests that drive them without GraphQL. */
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
  readonly retention: RetentionSettings;
  readonly purge: RetentionPurgeService;
  readonly exporter: ActivityExportService;
}

export async function assembleActivityLogs(
  deps: SubgraphDeps,
  options: ActivityLogsOptions = {},
): Promise<{ assembly: SubgraphAssembly<ActivityLoaders>; services: ActivityLogsServices }> {
  const config = loadActivityLogsConfig(options.env);
  const logger = deps.logger.child({ subgraph: 'activity-logs' });
  const models = await activityModels(deps.connection);
  const settingsStore = tenantSettingsStore(models.tenantSettings);
  const settings = new TenantSettingsService(settingsStore);
  const retention = new RetentionSettings(settingsStore);
  const checkpoints = new CheckpointService(models, config, logger);
  const recorderDeps: ActivityRecorderDeps = {
    chain: new MongoEventChain(models),
    accountKeys: new MongoAccountKeys(models.accountKeys),
    enricher: lookupEnricher,
    announcer: new ActivityPublisher({ models, bus: deps.bus, pubsub: deps.pubsub, logger }),
    settings,
    checkpoints,
  };
  const recorder = new ActivityRecorder(recorderDeps);
  const queries = new ActivityQueries(models);
  // An event outside every signed head longer than the repair job's period (plus a minute) is a finding.
  const verification = new ChainVerificationService(models, checkpoints, config.checkpointIntervalMs + 60_000);
  const stats = new ActivityStatsService(models);
  const erasure = new ErasureService(models, recorder, retention);
  const purge = new RetentionPurgeService(models, retention, checkpoints, recorder, logger);
  const exporter = new ActivityExportService(models);
  const accounts = options.accounts ?? new MongoTenantReferences(deps.connection, OWNED_ENTITIES.account);

  const assembly: SubgraphAssembly<ActivityLoaders> = {
    resolvers: activityResolvers({
      recorder,
      queries,
      review: new EventReview(models),
      settings,
      retention,
      accounts,
      verification,
      checkpoints,
      erasure,
      purge,
      stats,
    }),
    referenceResolvers: {
      Account: (reference) => ({ id: String(reference.id) }),
      ActivityEvent: async (reference, context: ActivityContext) => {
        // _entities is open to every verified caller (federation needs it): only event readers get events.
        if (!hasRole(context.identity, ...ROLE_GROUPS.staff)) return null;
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
    httpRoutes: createActivityHttpRoutes({
      recorder,
      settings,
      exporter,
      chainExporter: new ChainExportService(models, checkpoints),
      checkpoints,
      accounts,
    }),
    backgroundTasks: activityBackgroundTasks({ bus: deps.bus, recorder, settings, checkpoints, purge, config, logger }),
  };
  const services = {
    models,
    recorder,
    recorderDeps,
    queries,
    verification,
    checkpoints,
    settings,
    stats,
    erasure,
    retention,
    purge,
    exporter,
  };
  return { assembly, services };
}
