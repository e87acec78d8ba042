import {
  metricsAccessFromConfig,
  MongoActivityChainReader,
  MongoTenantReferences,
  OWNED_ENTITIES,
  periodicTask,
  type BackgroundTask,
  type Environment,
  type SubgraphAssembly,
  type SubgraphDeps,
  type TenantReferences,
} from '@vigil/core';
import { MongoAccountDirectory } from './adapters/accounts-directory.js';
import { caseActionRelay } from './adapters/events/action-relay.js';
import { ErasureConsumer } from './adapters/events/erasure-consumer.js';
import { EscalationConsumer } from './adapters/events/escalation-consumer.js';
import { InMemoryRecoveryOutbox } from './adapters/memory-outbox.js';
import { MongoAssignmentCursors } from './adapters/mongo/assignment-cursors.js';
import { MongoCaseReads } from './adapters/mongo/case-reads.js';
import { MongoCaseRepository } from './adapters/mongo/case-repository.js';
import { recoveryModels } from './adapters/mongo/models.js';
import { MongoSettingsRepository } from './adapters/mongo/settings-repository.js';
import { SmtpRecoveryDelivery } from './adapters/smtp-delivery.js';
import type { RecoveryCommandDeps } from './application/case-command.js';
import { CaseErasure } from './application/case-erasure.js';
import { RecoveryQueries } from './application/case-queries.js';
import { CaseStore } from './application/case-store.js';
import { openCase } from './application/open-case.js';
import type { AccountDirectory, CaseEvents, RecoveryDelivery } from './application/ports.js';
import { SettingsService } from './application/settings.js';
import { SlaSweeper } from './application/sla-sweep.js';
import { loadRecoveryConfig } from './config.js';
import { DEFAULT_OTP_SETTINGS } from './domain/otp.js';
import { createRecoveryLoaders, type RecoveryLoaders } from './graphql/loaders/recovery-loaders.js';
import { graphqlParts } from './graphql/schema-parts.js';
import { RECOVERY_CASE_UPDATED, type RecoveryCaseUpdatedMessage } from './graphql/resolvers/case-subscription.resolver.js';
import { recoveryCasesMetrics } from './metrics.js';
import { permissions } from './permissions.js';

export interface RecoveryCasesOptions {
  /** Where registered contact channels and agents come from. Default: read-only on the accounts database. */
  readonly directory?: AccountDirectory;
  /** How codes and reset links reach customers. Default: SMTP when RECOVERY_SMTP_URL is set, else an in-memory outbox. */
  readonly delivery?: RecoveryDelivery;
  /** The time source (tests move time forward instead of waiting). */
  readonly clock?: () => Date;
  /** Environment for this subgraph's config (`config.ts`), default `process.env`. */
  readonly env?: Environment;
  /** Which alert ids are a tenant's (ADR 040). Default: read-only on the alerts subgraph's collection. */
  readonly alerts?: TenantReferences;
}

/** What the stack and tests reach beyond the server: the outbox, and one sweep or flush on demand. */
export interface RecoveryHandles {
  readonly outbox: InMemoryRecoveryOutbox | undefined;
  sweepSla(): Promise<number>;
  flushAgentActions(): Promise<void>;
}

/** Builds adapters, use cases, resolvers and background tasks; nothing runs until core starts the tasks. */
export async function assembleRecoveryCases(
  deps: SubgraphDeps,
  options: RecoveryCasesOptions,
): Promise<{ assembly: SubgraphAssembly<RecoveryLoaders>; handles: RecoveryHandles }> {
  const config = loadRecoveryConfig(options.env);
  const clock = options.clock ?? (() => new Date());
  const models = recoveryModels(deps.connection);
  await Promise.all([models.cases.init(), models.settings.init(), models.cursors.init()]);

  const smtp =
    !options.delivery && config.RECOVERY_SMTP_URL
      ? new SmtpRecoveryDelivery({
          url: config.RECOVERY_SMTP_URL,
          from: config.RECOVERY_MAIL_FROM,
          allowance: config.OUTBOUND_ALLOWED_NETWORKS,
        })
      : undefined;
  const outbox = !options.delivery && !smtp ? new InMemoryRecoveryOutbox() : undefined;
  const delivery: RecoveryDelivery = options.delivery ?? smtp ?? outbox!;

  const store = new CaseStore(new MongoCaseRepository(models.cases));
  const reads = new MongoCaseReads(models.cases);
  const settings = new SettingsService(new MongoSettingsRepository(models.settings), deps.bus);
  const relay = caseActionRelay(models.cases, deps.bus, new MongoActivityChainReader(deps.connection), deps.logger);
  const events: CaseEvents = {
    changed(record) {
      const message: RecoveryCaseUpdatedMessage = { caseId: record._id, tenantId: record.tenantId };
      deps.pubsub.publish(RECOVERY_CASE_UPDATED, record.tenantId, message);
      void relay.flush(record._id);
    },
    audited: (record) => void relay.flush(record._id),
  };
  const commands: RecoveryCommandDeps = {
    store,
    reads,
    settings,
    cursors: new MongoAssignmentCursors(models.cursors),
    directory: options.directory ?? new MongoAccountDirectory(deps.connection, config.ACCOUNTS_DB_NAME),
    delivery,
    events,
    secrets: {
      pepper: config.RECOVERY_SECRET_PEPPER,
      resetLinkBaseUrl: config.RESET_LINK_BASE_URL,
      otp: { ...DEFAULT_OTP_SETTINGS, ttlMs: config.OTP_TTL_SECONDS * 1000 },
      resetTtlMs: config.RESET_LINK_TTL_SECONDS * 1000,
    },
    clock,
    maxOpenCasesPerAccount: config.RECOVERY_MAX_OPEN_CASES_PER_ACCOUNT,
    contactCoolingOffMs: config.RECOVERY_CONTACT_COOLING_OFF_HOURS * 3_600_000,
  };
  const sweeper = new SlaSweeper(reads, store, settings, events, clock);
  const queries = new RecoveryQueries(reads, settings, clock);

  const backgroundTasks: BackgroundTask[] = [
    // First in, last out: the SMTP transport closes after the other tasks stopped.
    ...(smtp ? [{ name: 'smtp-delivery', start: () => undefined, stop: async () => smtp.close() }] : []),
    new EscalationConsumer(deps.bus, (identity, input) => openCase(commands, identity, input, 'ESCALATED_ALERT'), deps.logger),
    // An account's erasure recorded in the activity chain redacts the customer's data its cases copied (ADR 144).
    new ErasureConsumer(deps.bus, deps.connection, new CaseErasure(reads, store), deps.logger),
    periodicTask({
      name: 'recovery-sweep',
      intervalMs: config.RECOVERY_SWEEP_INTERVAL_MS,
      logger: deps.logger,
      run: async () => {
        await sweeper.sweep();
        await relay.sweep();
      },
    }),
  ];

  return {
    assembly: {
      ...graphqlParts({
        commands,
        queries,
        settings,
        reads,
        sweeper,
        store,
        clock,
        alerts: options.alerts ?? new MongoTenantReferences(deps.connection, OWNED_ENTITIES.alert),
      }),
      permissions,
      createLoaders: (identity) => createRecoveryLoaders(queries, settings, identity),
      pubsub: deps.pubsub,
      metrics: { ...metricsAccessFromConfig(deps.config), register: recoveryCasesMetrics(models.cases) },
      backgroundTasks,
    },
    handles: { outbox, sweepSla: () => sweeper.sweep(), flushAgentActions: () => relay.sweep() },
  };
}
