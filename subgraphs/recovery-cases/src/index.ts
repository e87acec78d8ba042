/**
 * @vigil/recovery-cases — locked-out customer to restored account: cases, identity verification, reset
 * links, SLA timers, assignment, metrics, and an `agent.action.*` event for every agent action.
 *
 * Wiring (for the stack and a service main):
 *
 *   const recovery = await createRecoveryCasesSubgraph(deps);   // deps.connection → database `vigil_recovery_cases`
 *   await recovery.start(4003);   // HTTP + graphql-ws, and the background sweep (SLA warnings/breaches,
 *                                 // expired reset links, retry of unpublished agent actions)
 *   …
 *   await recovery.stop();        // stops the sweep and the server; deps stay open (the caller owns them)
 *
 * Options (second argument, all optional):
 * - `directory`: where registered contact channels and agents come from. Default: read-only on the
 *   accounts database (`ACCOUNTS_DB_NAME`, default `vigil_accounts`) on the same MongoDB deployment.
 * - `delivery`: how codes and reset links reach customers. Default: SMTP when RECOVERY_SMTP_URL is set,
 *   else (outside production) an in-memory outbox, returned as `recovery.outbox` for the stack to read.
 * - `clock`: the time source (tests move time forward instead of waiting).
 * - `env`: environment for this subgraph's own config section (see `config.ts`), default `process.env`.
 *
 * Events: publishes `agent.action` (TOPICS.agentAction, payload AgentActionPayload, dedupeKey = actionId)
 * from a transactional outbox, each action kept until it is found in the activity chain (read-only, database
 * `vigil_activity_logs`); consumes `alert.escalated` (group `recovery-cases-escalations`): opens the case an
 * escalated alert cites. PubSub: `RECOVERY_CASE_UPDATED` keyed by tenant id.
 */
import 'reflect-metadata';
import {
  createSubgraphServer,
  metricsAccessFromConfig,
  gatewayKeysFromConfig,
  MongoActivityChainReader,
  MongoTenantReferences,
  OWNED_ENTITIES,
  type TenantReferences,
  type BusSubscription,
  type Environment,
  type SubgraphDeps,
  type SubgraphServer,
} from '@vigil/core';
import { InMemoryRecoveryOutbox } from './adapters/memory-outbox.js';
import { MongoAccountDirectory } from './adapters/accounts-directory.js';
import { SmtpRecoveryDelivery } from './adapters/smtp-delivery.js';
import { loadRecoveryConfig } from './config.js';
import { DEFAULT_OTP_SETTINGS } from './domain/otp.js';
import type { RecoveryContext } from './graphql/context.js';
import { createRecoveryLoaders } from './graphql/loaders.js';
import {
  AccountRecoveryCasesResolver,
  AgentAssignedCasesResolver,
  AlertRecoveryCaseResolver,
} from './graphql/resolvers/entity-refs.resolver.js';
import { RecoveryCaseFieldsResolver } from './graphql/resolvers/case-fields.resolver.js';
import { RecoveryCaseMutationResolver } from './graphql/resolvers/case-mutation.resolver.js';
import { RecoveryCaseQueryResolver } from './graphql/resolvers/case-query.resolver.js';
import {
  RECOVERY_CASE_UPDATED,
  RecoveryCaseSubscriptionResolver,
  type RecoveryCaseUpdatedMessage,
} from './graphql/resolvers/case-subscription.resolver.js';
import { RecoveryReportsResolver } from './graphql/resolvers/reports.resolver.js';
import { ruleErrorsMiddleware } from './graphql/rule-errors.js';
import { AccountRef, AgentRef, AlertRef } from './graphql/types/entity-refs.js';
import { toCaseView } from './graphql/views.js';
import { recoveryModels } from './models/index.js';
import { permissions } from './permissions.js';
import { ActionRelay } from './services/action-relay.js';
import { CaseStore } from './services/case-store.js';
import type { AccountDirectory, RecoveryDelivery } from './services/ports.js';
import { RecoveryCaseService } from './services/recovery-case-service.js';
import { RecoveryQueries } from './services/recovery-queries.js';
import { SettingsService } from './services/settings-service.js';
import { SlaSweeper } from './services/sla-sweeper.js';
import { EscalationConsumer } from './services/escalation-consumer.js';
import { recoveryCasesMetrics } from './metrics.js';

export { RECOVERY_CASE_UPDATED, type RecoveryCaseUpdatedMessage };
export { AGENT_ACTIONS, type AgentActionName } from './domain/agent-actions.js';
export { InMemoryRecoveryOutbox } from './adapters/memory-outbox.js';
export { MongoAccountDirectory } from './adapters/accounts-directory.js';
export { SmtpRecoveryDelivery } from './adapters/smtp-delivery.js';
export type { AccountDirectory, RecoveryDelivery, RecoveryMessage, StaffMember } from './services/ports.js';
export { loadRecoveryConfig, type RecoveryConfig } from './config.js';

/** The database this subgraph owns. */
export const RECOVERY_CASES_DB_NAME = 'vigil_recovery_cases';

export interface RecoveryCasesOptions {
  readonly directory?: AccountDirectory;
  readonly delivery?: RecoveryDelivery;
  readonly clock?: () => Date;
  readonly env?: Environment;
  /** Which alert ids are a tenant's (ADR 040). Default: read-only on the alerts subgraph's collection. */
  readonly alerts?: TenantReferences;
}

export interface RecoveryCasesSubgraph extends SubgraphServer {
  /** Set when no delivery was given and no SMTP is configured: what would have been sent. */
  readonly outbox: InMemoryRecoveryOutbox | undefined;
  /** One SLA / reset-link sweep now (the timer does it every RECOVERY_SWEEP_INTERVAL_MS); returns cases changed. */
  sweepSla(): Promise<number>;
  /** Publishes every agent action still waiting in the outbox (the timer retries too). */
  flushAgentActions(): Promise<void>;
}

export async function createRecoveryCasesSubgraph(
  deps: SubgraphDeps,
  options: RecoveryCasesOptions = {},
): Promise<RecoveryCasesSubgraph> {
  const config = loadRecoveryConfig(options.env);
  const clock = options.clock ?? (() => new Date());
  const models = recoveryModels(deps.connection);
  await Promise.all([models.cases.init(), models.settings.init(), models.cursors.init()]);

  const outbox = !options.delivery && !config.RECOVERY_SMTP_URL ? new InMemoryRecoveryOutbox() : undefined;
  const smtp =
    !options.delivery && config.RECOVERY_SMTP_URL
      ? new SmtpRecoveryDelivery({
          url: config.RECOVERY_SMTP_URL,
          from: config.RECOVERY_MAIL_FROM,
          allowance: config.OUTBOUND_ALLOWED_NETWORKS,
        })
      : undefined;
  const delivery: RecoveryDelivery = options.delivery ?? smtp ?? outbox!;
  const directory = options.directory ?? new MongoAccountDirectory(deps.connection, config.ACCOUNTS_DB_NAME);

  const store = new CaseStore(models.cases);
  const settings = new SettingsService(models.settings, deps.bus);
  const relay = new ActionRelay(models.cases, deps.bus, new MongoActivityChainReader(deps.connection), deps.logger);
  const changed = (record: { _id: string; tenantId: string }) => {
    const message: RecoveryCaseUpdatedMessage = { caseId: record._id, tenantId: record.tenantId };
    deps.pubsub.publish(RECOVERY_CASE_UPDATED, record.tenantId, message);
    void relay.flush(record._id);
  };
  const audited = (record: { _id: string }) => void relay.flush(record._id);
  const service = new RecoveryCaseService(store, settings, models.cursors, directory, delivery, changed, audited, {
    secretPepper: config.RECOVERY_SECRET_PEPPER,
    resetLinkBaseUrl: config.RESET_LINK_BASE_URL,
    otp: { ...DEFAULT_OTP_SETTINGS, ttlMs: config.OTP_TTL_SECONDS * 1000 },
    resetTtlMs: config.RESET_LINK_TTL_SECONDS * 1000,
    clock,
  });
  const sweeper = new SlaSweeper(models.cases, store, settings, changed, clock);
  const queries = new RecoveryQueries(models.cases, settings, sweeper, clock);

  const server = await createSubgraphServer<RecoveryContext['loaders']>({
    name: 'recovery-cases',
    logger: deps.logger,
    gatewayKeys: gatewayKeysFromConfig(deps.config),
    resolvers: [
      new RecoveryCaseQueryResolver(service, queries),
      new RecoveryCaseMutationResolver(
        service,
        options.alerts ?? new MongoTenantReferences(deps.connection, OWNED_ENTITIES.alert),
      ),
      new RecoveryCaseFieldsResolver(clock),
      new RecoveryReportsResolver(queries, settings, clock),
      new RecoveryCaseSubscriptionResolver(store),
      new AccountRecoveryCasesResolver(),
      new AgentAssignedCasesResolver(),
      new AlertRecoveryCaseResolver(),
    ],
    orphanedTypes: [AccountRef, AgentRef, AlertRef],
    referenceResolvers: {
      RecoveryCase: async (reference, context: RecoveryContext) => {
        const record = await context.loaders.caseById.load(String(reference.id));
        return record ? toCaseView(record) : null;
      },
      Account: (reference) => ({ id: String(reference.id) }),
      Agent: (reference) => ({ id: String(reference.id) }),
      Alert: (reference) => ({ id: String(reference.id) }),
    },
    permissions,
    // Personal data (ContactChangeRequest.newValue, notes, …) is masked by core's policy in the factory.
    middlewares: [ruleErrorsMiddleware],
    createLoaders: (identity) => createRecoveryLoaders(queries, settings, identity),
    pubsub: deps.pubsub,
    metrics: { ...metricsAccessFromConfig(deps.config), register: recoveryCasesMetrics(models.cases) },
  });

  const escalations = new EscalationConsumer(deps.bus, service, deps.logger);
  let escalationSubscription: BusSubscription | undefined;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;
  const sweepOnce = async () => {
    try {
      await sweeper.sweep();
      await relay.sweep();
    } catch (err) {
      deps.logger.warn({ err }, 'recovery sweep failed; retrying on the next tick');
    }
  };

  return {
    schema: server.schema,
    outbox,
    sweepSla: () => sweeper.sweep(),
    flushAgentActions: () => relay.sweep(),
    async start(port, host) {
      escalationSubscription ??= await escalations.start();
      const started = await server.start(port, host);
      timer ??= setInterval(() => {
        sweeping ??= sweepOnce().finally(() => (sweeping = undefined));
      }, config.RECOVERY_SWEEP_INTERVAL_MS);
      timer.unref();
      return started;
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await escalationSubscription?.close();
      escalationSubscription = undefined;
      await sweeping;
      await server.stop();
      smtp?.close();
    },
  };
}
