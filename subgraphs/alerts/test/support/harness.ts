import {
  InMemoryEventBus,
  TOPICS,
  createLogger,
  loadConfig,
  callSubgraph,
  type InMemoryPubSub,
  type SubgraphCallResult,
  type ActivityRecordedPayload,
  type Identity,
  type MongoHandle,
  type TenantReferences,
} from '@vigil/core';
import { appendToActivityChain, identityOf, nodes, startTestSubgraph, type Page, type TestSubgraph } from '@vigil/testing';
import { afterAll, beforeAll } from 'vitest';
import { FakeActivityChain } from './fake-activity-chain.js';
import { createAlertsSubgraph, type AlertsSubgraph, type AlertsSubgraphOptions } from '../../src/index.js';

const LOG_LEVEL = process.env.ALERTS_TEST_LOG === 'debug' ? 'debug' : 'silent';
const ANY_ID: TenantReferences = { ownedBy: async (_tenantId, ids) => new Set(ids) };

/** What a call to the subgraph answers. */
export type GraphQLResponse<T = Record<string, unknown>> = SubgraphCallResult<T>;

/** One alerts subgraph on a real embedded MongoDB, a real in-memory bus and pubsub, listening on a real port. */
export class AlertsHarness {
  /** The configuration the subgraph runs with (its development gateway key signs the test calls). */
  readonly config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MONGO_DATA_DIR: '' });
  readonly logger = createLogger({ name: 'alerts-test', level: LOG_LEVEL });
  readonly bus = new InMemoryEventBus(this.logger);
  readonly chain = new FakeActivityChain(this.bus, () => this.db.connection);
  private started?: TestSubgraph<AlertsSubgraph>;
  /** The subgraph started again by `startAgain` (a restart after a crash), on the same database and bus. */
  private restarted?: { readonly alerts: AlertsSubgraph; readonly url: string };

  /** The started subgraph as the test kit describes it (for the contract suite). */
  get subgraph(): TestSubgraph<AlertsSubgraph> {
    if (!this.started) throw new Error('AlertsHarness: call start() first.');
    return this.started;
  }
  get mongo(): { readonly uri: string } {
    return { uri: this.subgraph.mongoUri };
  }
  get db(): MongoHandle {
    return this.subgraph.db;
  }
  get pubsub(): InMemoryPubSub {
    return this.subgraph.pubsub;
  }
  get alerts(): AlertsSubgraph {
    return this.restarted?.alerts ?? this.subgraph.server;
  }
  get url(): string {
    return this.restarted?.url ?? this.subgraph.url;
  }

  /** A harness started before the tests of the enclosing `describe` (or file) and stopped after them. */
  static perSuite(options?: AlertsSubgraphOptions): AlertsHarness {
    const harness = new AlertsHarness();
    beforeAll(async () => {
      await harness.start(options);
    });
    afterAll(async () => {
      await harness.stop();
    });
    return harness;
  }

  /** Default: no customer recipients (no accounts subgraph in most tests); tests of notifications pass their own. */
  async start(options: AlertsSubgraphOptions = { recipients: null, env: {} }): Promise<this> {
    // Most tests here are not about references: every account, case and agent id counts as the tenant's
    // (tenant-references.test.ts checks the real lookups).
    const withDefaults = { accounts: ANY_ID, recoveryCases: ANY_ID, agents: ANY_ID, activityChain: this.chain, ...options };
    this.started = await startTestSubgraph<AlertsSubgraph>({
      name: 'alerts',
      dbName: 'vigil_alerts_test',
      logLevel: LOG_LEVEL,
      bus: () => this.bus,
      start: (deps) => createAlertsSubgraph(deps, withDefaults),
    });
    return this;
  }

  /** A new alerts process on the same database, bus and pubsub, after the test stopped the current one. */
  async startAgain(options: AlertsSubgraphOptions = { recipients: null, env: {} }): Promise<void> {
    const { config, logger, db, bus, pubsub } = this.subgraph;
    const alerts = await createAlertsSubgraph({ config, logger, connection: db.connection, bus, pubsub }, options);
    this.restarted = { alerts, url: (await alerts.start(0)).url };
  }

  async stop(): Promise<void> {
    await this.restarted?.alerts.stop();
    if (this.started) await this.started.stop();
    else await this.bus.close();
  }

  /**
   * Records like activity-logs does (appends to the tenant's chain, then publishes the wake-up with the event
   * id as dedupe key) and waits until detection has handled it. A redelivery publishes the same events again.
   */
  async record(...events: ActivityRecordedPayload[]): Promise<void> {
    await appendToActivityChain(this.db.connection, events);
    for (const event of events) await this.bus.publish(TOPICS.activityRecorded, event, { dedupeKey: event.eventId });
    await this.bus.idle();
    await this.alerts.detection.idle();
  }

  /** Acknowledges and closes (`status`, `reason`) the first alert `filter` finds, as `analyst`; returns its id. */
  async acknowledgeAndClose(analyst: Identity, filter: string, status: string, reason: string): Promise<string | undefined> {
    const { data } = await this.graphql<{ alerts: Page<{ id: string }> }>(
      analyst,
      `{ alerts(filter: ${filter}) { edges { node { id } } } }`,
    );
    const id = nodes(data?.alerts)?.[0]?.id;
    await this.graphql(analyst, 'mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }', { id });
    await this.graphql(
      analyst,
      'mutation($id: ID!, $status: AlertClosingStatus!, $reason: String!) { closeAlert(input: { alertId: $id, status: $status, reason: $reason }) { id } }',
      { id, status, reason },
    );
    return id;
  }

  /** Waits until what is on the bus and in the chain has been through detection. */
  async settle(): Promise<void> {
    await this.bus.idle();
    await this.alerts.detection.idle();
  }

  graphql<T = Record<string, unknown>>(
    identity: Identity,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>> {
    return callSubgraph<T>(
      this.url,
      { query, variables },
      { identity, signingKey: this.config.GATEWAY_SIGNING_KEY, audience: 'alerts' },
    );
  }
}

export function identity(roles: Identity['roles'], tenantIds: string[] = ['demo'], subject = 'analyst-1'): Identity {
  return identityOf(roles, tenantIds, subject);
}

/** Connection pages as a client reads them: one helper for every test (the kit's). */
export { nodes, type Page };
