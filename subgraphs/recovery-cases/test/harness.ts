import {
  InMemoryEventBus,
  TOPICS,
  type SubgraphCallResult,
  type AgentActionPayload,
  type Identity,
  type MongoHandle,
  type Role,
} from '@vigil/core';
import type { Logger } from 'pino';
import { ACCOUNTS_DB_NAME, DEMO_SEED, seedDemoTenant } from '@vigil/accounts';
import {
  RECOVERY_CASES_DB_NAME,
  createRecoveryCasesSubgraph,
  type RecoveryCasesOptions,
  type RecoveryCasesSubgraph,
} from '@vigil/recovery-cases';
import { identityOf, startTestSubgraph } from '@vigil/testing';

export { DEMO_SEED };

/** What a call to the subgraph answers. */
export type GraphQLResponse<T = Record<string, unknown>> = SubgraphCallResult<T>;

/** A clock the test moves by hand: SLA timers and expiries without waiting. */
export class TestClock {
  constructor(private current = new Date('2026-01-05T10:00:00.000Z')) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * recovery-cases on a real embedded MongoDB and a real HTTP port, next to the accounts subgraph's demo
 * data (seeded into its own database on the same server, as in the stack), with a real in-memory bus
 * whose `agent.action` messages the test collects like activity-logs would.
 */
export async function startRecoveryCases(
  options: Omit<RecoveryCasesOptions, 'clock'> = {},
  makeBus?: (logger: Logger) => InMemoryEventBus,
) {
  const actions: AgentActionPayload[] = [];
  const seen = new Set<string>();
  const clock = new TestClock();
  let accountsDb: MongoHandle | undefined;
  const rc = await startTestSubgraph<RecoveryCasesSubgraph>({
    name: 'recovery-cases',
    dbName: RECOVERY_CASES_DB_NAME,
    seed: async ({ open }) => {
      accountsDb = await open(ACCOUNTS_DB_NAME);
      await seedDemoTenant(accountsDb.connection);
    },
    bus: async (logger) => {
      const bus = makeBus?.(logger) ?? new InMemoryEventBus(logger);
      await bus.subscribe<AgentActionPayload>(TOPICS.agentAction, 'test-activity-log', async (message) => {
        if (seen.has(message.dedupeKey)) return;
        seen.add(message.dedupeKey);
        actions.push(message.payload);
      });
      return bus;
    },
    start: (deps) =>
      createRecoveryCasesSubgraph(deps, {
        env: { NODE_ENV: 'test', RECOVERY_SWEEP_INTERVAL_MS: '3600000' },
        ...options,
        clock: clock.now,
      }),
  });
  const { bus, server: subgraph, call } = rc;

  /** Like `call`, but fails the test on any GraphQL error. */
  async function ok<T = Record<string, unknown>>(
    identity: Identity,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<T> {
    const response = await call<T>(identity, query, variables);
    if (response.errors?.length || !response.data) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
    return response.data;
  }

  /** Waits until the relay handed every queued agent action to the bus and the consumer saw it. */
  async function settle(): Promise<void> {
    await subgraph.flushAgentActions();
    await bus.idle();
  }

  return { ...rc, accountsDb: accountsDb!, subgraph, clock, actions, ok, settle };
}

export function as(roles: Role[], tenantIds: string[] = ['demo'], subject = 'tester'): Identity {
  return identityOf(roles, tenantIds, subject);
}

export const agent = as(['AGENT'], ['demo'], DEMO_SEED.agents.agent);
export const supervisor = as(['SUPERVISOR'], ['demo'], DEMO_SEED.agents.supervisor);
export const auditor = as(['AUDITOR'], ['demo'], DEMO_SEED.agents.auditor);
export const acmeAgent = as(['AGENT'], ['acme'], DEMO_SEED.agents.acmeAgent);
export const ingest = as(['INGEST'], ['demo'], 'idp-demo');
