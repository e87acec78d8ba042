import { EmbeddedMongo } from '@vigil/embedded-mongo';
import {
  InMemoryEventBus,
  InMemoryPubSub,
  TOPICS,
  connectMongo,
  createLogger,
  loadConfig,
  callSubgraph,
  type SubgraphCallResult,
  type ActivityRecordedPayload,
  type Identity,
  type MongoHandle,
  type TenantReferences,
} from '@vigil/core';
import { appendToActivityChain } from './activity-chain.js';
import { FakeActivityChain } from './fake-activity-chain.js';
import { createAlertsSubgraph, type AlertsSubgraph, type AlertsSubgraphOptions } from '../../src/index.js';

const ANY_ID: TenantReferences = { ownedBy: async (_tenantId, ids) => new Set(ids) };

/** What a call to the subgraph answers. */
export type GraphQLResponse<T = Record<string, unknown>> = SubgraphCallResult<T>;

/** One alerts subgraph on a real embedded MongoDB, a real in-memory bus and pubsub, listening on a real port. */
export class AlertsHarness {
  readonly config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MONGO_DATA_DIR: '' });
  readonly logger = createLogger({ name: 'alerts-test', level: process.env.ALERTS_TEST_LOG === 'debug' ? 'debug' : 'silent' });
  readonly bus = new InMemoryEventBus(this.logger);
  readonly pubsub = new InMemoryPubSub();
  readonly chain = new FakeActivityChain(this.bus, () => this.db.connection);
  mongo!: EmbeddedMongo;
  db!: MongoHandle;
  alerts!: AlertsSubgraph;
  url!: string;

  /** Default: no customer recipients (no accounts subgraph in most tests); tests of notifications pass their own. */
  async start(options: AlertsSubgraphOptions = { recipients: null, env: {} }): Promise<this> {
    // Most tests here are not about references: every account and case id counts as the tenant's
    // (tenant-references.test.ts checks the real lookups).
    options = { accounts: ANY_ID, recoveryCases: ANY_ID, activityChain: this.chain, ...options };
    this.mongo = await EmbeddedMongo.start();
    this.db = await connectMongo(this.config, this.logger, { dbName: 'vigil_alerts_test', uri: this.mongo.uri });
    const deps = { config: this.config, logger: this.logger, connection: this.db.connection, bus: this.bus, pubsub: this.pubsub };
    this.alerts = await createAlertsSubgraph(deps, options);
    this.url = (await this.alerts.start(0)).url;
    return this;
  }

  async stop(): Promise<void> {
    await this.alerts?.stop();
    await this.bus.close();
    await this.pubsub.close();
    await this.db?.close();
    await this.mongo?.stop();
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
  return { subject, roles, tenantIds, expiresAt: Math.floor(Date.now() / 1000) + 3600 };
}

/** `alerts` as a client reads it: a connection page. */
export interface Page<TNode> {
  readonly edges: readonly { readonly node: TNode }[];
}

/** The nodes of a connection page, in order; undefined when the page itself is missing (an error answered). */
export function nodes<TNode>(page: Page<TNode>): TNode[];
export function nodes<TNode>(page: Page<TNode> | null | undefined): TNode[] | undefined;
export function nodes<TNode>(page: Page<TNode> | null | undefined): TNode[] | undefined {
  return page == null ? undefined : page.edges.map((edge) => edge.node);
}
