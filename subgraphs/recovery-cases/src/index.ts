/**
 * @vigil/recovery-cases — locked-out customer to restored account: cases, identity verification, reset
 * links, SLA timers, assignment, metrics, and an `agent.action.*` event for every agent action.
 *
 * Wiring (for the stack and a service main):
 *
 *   const recovery = await createRecoveryCasesSubgraph(deps);   // deps.connection → database `vigil_recovery_cases`
 *   await recovery.start(4003);   // HTTP + graphql-ws; the background tasks (escalation consumer, SLA / reset-link /
 *                                 // agent-action sweep) were started by core when the subgraph was built
 *   …
 *   await recovery.stop();        // stops the tasks, then the server; deps stay open (the caller owns them)
 *
 * Options (second argument, all optional): see `RecoveryCasesOptions`.
 *
 * Events: publishes `agent.action` (TOPICS.agentAction, payload AgentActionPayload, dedupeKey = actionId)
 * from a transactional outbox, each action kept until it is found in the activity chain (read-only, database
 * `vigil_activity_logs`); consumes `alert.escalated` (group `recovery-cases-escalations`): opens the case an
 * escalated alert cites. PubSub: `RECOVERY_CASE_UPDATED` keyed by tenant id.
 */
import 'reflect-metadata';
import { startSubgraph, type SubgraphDeps, type SubgraphModule, type SubgraphServer } from '@vigil/core';
import type { InMemoryRecoveryOutbox } from './adapters/memory-outbox.js';
import { assembleRecoveryCases, type RecoveryCasesOptions, type RecoveryHandles } from './assembly.js';
import type { RecoveryLoaders } from './graphql/loaders/recovery-loaders.js';

export { RECOVERY_CASE_UPDATED, type RecoveryCaseUpdatedMessage } from './graphql/resolvers/case-subscription.resolver.js';
export { AGENT_ACTIONS, type AgentActionName } from './domain/agent-actions.js';
export { InMemoryRecoveryOutbox } from './adapters/memory-outbox.js';
export { MongoAccountDirectory } from './adapters/accounts-directory.js';
export { SmtpRecoveryDelivery } from './adapters/smtp-delivery.js';
export type { AccountDirectory, RecoveryDelivery, RecoveryMessage, StaffMember } from './application/ports.js';
export { loadRecoveryConfig, type RecoveryConfig } from './config.js';
export type { RecoveryCasesOptions } from './assembly.js';

/** The database this subgraph owns. */
export const RECOVERY_CASES_DB_NAME = 'vigil_recovery_cases';

/** The module with options (directory, delivery, clock, env, alerts); `expose` receives the handles for tests. */
export function recoveryCasesModuleWith(
  options: RecoveryCasesOptions = {},
  expose?: (handles: RecoveryHandles) => void,
): SubgraphModule<RecoveryLoaders> {
  return {
    name: 'recovery-cases',
    dbName: RECOVERY_CASES_DB_NAME,
    async create(deps) {
      const { assembly, handles } = await assembleRecoveryCases(deps, options);
      expose?.(handles);
      return assembly;
    },
  };
}

/** recovery-cases with its defaults (accounts directory on the same deployment, SMTP or the in-memory outbox). */
export const recoveryCasesModule: SubgraphModule<RecoveryLoaders> = recoveryCasesModuleWith();

export interface RecoveryCasesSubgraph extends SubgraphServer {
  /** Set when no delivery was given and no SMTP is configured: what would have been sent. */
  readonly outbox: InMemoryRecoveryOutbox | undefined;
  /** One SLA / reset-link sweep now (the task does it every RECOVERY_SWEEP_INTERVAL_MS); returns cases changed. */
  sweepSla(): Promise<number>;
  /** Publishes every agent action still waiting in the outbox (the task retries too). */
  flushAgentActions(): Promise<void>;
}

export async function createRecoveryCasesSubgraph(
  deps: SubgraphDeps,
  options: RecoveryCasesOptions = {},
): Promise<RecoveryCasesSubgraph> {
  let handles: RecoveryHandles | undefined;
  const server = await startSubgraph(
    recoveryCasesModuleWith(options, (exposed) => (handles = exposed)),
    deps,
  );
  return { ...server, ...handles! };
}
